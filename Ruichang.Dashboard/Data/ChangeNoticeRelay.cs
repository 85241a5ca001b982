using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Data;

/// <summary>Settings under <c>Live</c>: how change notices reach the open dashboards.</summary>
public sealed class LiveOptions
{
    public const string SectionName = "Live";

    /// <summary>
    /// <c>Live:CrossInstance</c>: several app instances share the database (design: growing past one machine),
    /// and a notice published on one reaches the dashboards open on the others through it. Off by default: one
    /// instance delivers its notices in memory and writes nothing.
    /// </summary>
    public bool CrossInstance { get; set; }

    /// <summary><c>Live:PollInterval</c>: how often an instance looks for the others' notices.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.100", "00:00:10", ErrorMessage = "Live:PollInterval 应在 00:00:00.1 到 00:00:10 之间。")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The data-annotation rules of <see cref="LiveOptions"/> (source-generated).</summary>
[OptionsValidator]
internal sealed partial class LiveOptionsValidator : IValidateOptions<LiveOptions>;

/// <summary>
/// The notices this instance published, waiting for <see cref="ChangeNoticeRelay"/> to write them. Posting never
/// waits (the writer goes on); past <see cref="Capacity"/> unwritten notices the oldest are dropped, since a
/// later notice makes the dashboards re-read anyway.
/// </summary>
public sealed class ChangeNoticeOutbox
{
    public const int Capacity = 10_000;

    private readonly Channel<ChangeNotice> _notices = System.Threading.Channels.Channel.CreateBounded<ChangeNotice>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Post(ChangeNotice notice) => _notices.Writer.TryWrite(notice);

    internal bool TryTake(out ChangeNotice notice) => _notices.Reader.TryRead(out notice!);
}

/// <summary>
/// Carries change notices between app instances through the database (<c>Live:CrossInstance</c>): on every
/// tick it writes what this instance published and hands the others' new notices to this instance's
/// subscribers, then forgets notices older than a day. Notices are read by id; the last
/// <see cref="LookBack"/> ids are read again and the ones delivered skipped, because on SQL Server an id can
/// commit after a higher one. A failed tick is logged and the next one tries again.
/// </summary>
public sealed partial class ChangeNoticeRelay(
    IDbContextFactory<DashboardDbContext> factory,
    ChangeNotifier notifier,
    ChangeNoticeOutbox outbox,
    IOptions<LiveOptions> options,
    TimeProvider time,
    ILogger<ChangeNoticeRelay> logger) : BackgroundService
{
    public const int LookBack = 100;
    private const int BatchSize = 500;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly HashSet<long> _delivered = [];
    private long _seen = -1;
    private DateTimeOffset _prunedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await RelayAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRelayFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RelayAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (_seen < 0)
        {
            // Notices from before this instance started are not news to its dashboards: they read everything on opening.
            _seen = await db.SharedChangeNotices.MaxAsync(n => (long?)n.Id, ct) ?? 0;
        }

        var outgoing = new List<SharedChangeNotice>();
        while (outgoing.Count < BatchSize && outbox.TryTake(out var notice))
        {
            outgoing.Add(new SharedChangeNotice
            {
                InstanceId = _instance,
                Source = notice.Source.Length > 100 ? notice.Source[..100] : notice.Source,
                MetricKeys = string.Join(',', notice.MetricKeys),
                CountyIds = string.Join(',', notice.CountyIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
                AtUtc = notice.AtUtc,
            });
        }

        if (outgoing.Count > 0)
        {
            db.SharedChangeNotices.AddRange(outgoing);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var from = _seen - LookBack;
        var incoming = await db.SharedChangeNotices.AsNoTracking().Where(n => n.Id > from).OrderBy(n => n.Id).Take(BatchSize + LookBack).ToListAsync(ct);
        foreach (var row in incoming.Where(r => _delivered.Add(r.Id)))
        {
            _seen = Math.Max(_seen, row.Id);
            if (row.InstanceId != _instance)
            {
                notifier.Deliver(ToNotice(row));
            }
        }

        _delivered.RemoveWhere(id => id <= _seen - LookBack);
        if (time.GetUtcNow() - _prunedAt > PruneEvery)
        {
            _prunedAt = time.GetUtcNow();
            var before = _prunedAt.UtcDateTime - Retention;
            await db.SharedChangeNotices.Where(n => n.AtUtc < before).ExecuteDeleteAsync(ct);
        }
    }

    private static ChangeNotice ToNotice(SharedChangeNotice row) => new(
        row.Source,
        row.MetricKeys.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        row.CountyIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToHashSet(),
        DateTime.SpecifyKind(row.AtUtc, DateTimeKind.Utc));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying change notices through the database failed; the next tick tries again")]
    private static partial void LogRelayFailed(ILogger logger, Exception ex);
}
