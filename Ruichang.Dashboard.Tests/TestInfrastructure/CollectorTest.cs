using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// The set-up of the collectors' tests: a <see cref="LoopbackServer"/> that serves the remote
/// sources and a <see cref="CollectorHost"/> (the app's collection services on a new migrated
/// SQLite database), with the clock fixed at <paramref name="now"/> when given and
/// <paramref name="settings"/> over <see cref="CollectorHost.FastFaults"/>.
/// </summary>
public abstract class CollectorTest(DateTimeOffset? now = null, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private LoopbackServer? _server;
    private CollectorHost? _host;

    protected LoopbackServer Server => _server ?? throw new InvalidOperationException("The test has not started.");

    protected CollectorHost Host => _host ?? throw new InvalidOperationException("The test has not started.");

    /// <summary>The fixed clock, when the test class gave a time.</summary>
    protected FakeTimeProvider Time => Host.Time ?? throw new InvalidOperationException("This test class runs on the system clock.");

    protected CollectionRunner Runner => Host.Services.GetRequiredService<CollectionRunner>();

    public virtual async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _host = await CollectorHost.StartAsync(settings, time: now is { } at ? new FakeTimeProvider(at) : null);
    }

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Runs the job <paramref name="jobKey"/> once, as "test".</summary>
    protected Task<JobRun> RunAsync(string jobKey) =>
        Runner.RunAsync(CollectionJobDefinitions.Find(jobKey) ?? throw new ArgumentException($"no job {jobKey}", nameof(jobKey)), "test", CancellationToken.None);

    /// <summary>Points the seeded channel named <paramref name="name"/> at <paramref name="path"/> on the server and enables it; returns its id.</summary>
    protected async Task<int> PointAsync(string name, string path, string? optionsJson = null)
    {
        await using var db = Host.Database.CreateContext();
        var channel = await db.Channels.SingleAsync(c => c.Name == name);
        (channel.Url, channel.IsEnabled) = (Server.Url(path).ToString(), true);
        channel.OptionsJson = optionsJson ?? channel.OptionsJson;
        await db.SaveChangesAsync();
        return channel.Id;
    }

    /// <summary>Adds an enabled channel of the home county reading <paramref name="path"/> on the server; returns its id.</summary>
    protected async Task<int> AddChannelAsync(string kind, string name, string path, string optionsJson = "{}")
    {
        await using var db = Host.Database.CreateContext();
        var channel = new Channel
        {
            CountyId = (await db.Counties.SingleAsync(c => c.IsHome)).Id, Kind = kind, Name = name,
            Url = Server.Url(path).ToString(), OptionsJson = optionsJson,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    /// <summary>The home county's stored figure of <paramref name="metric"/> for a month: county-level when <paramref name="channelId"/> is null.</summary>
    protected async Task<double?> StoredAsync(string metric, int year, int month, int? channelId = null)
    {
        await using var db = Host.Database.CreateContext();
        return await db.Observations
            .Where(o => o.Metric!.Key == metric && o.County!.IsHome && o.ChannelId == channelId
                && o.Granularity == PeriodGranularity.Month && o.PeriodStart == new DateOnly(year, month, 1))
            .Select(o => (double?)o.Value).SingleOrDefaultAsync();
    }

    /// <summary>The result of <paramref name="channelId"/>'s read in <paramref name="run"/>.</summary>
    protected async Task<JobRunSource> SourceResultAsync(JobRun run, int channelId)
    {
        await using var db = Host.Database.CreateContext();
        return await db.JobRunSources.SingleAsync(s => s.JobRunId == run.Id && s.ChannelId == channelId);
    }
}
