using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>
/// One cell of the grid: the county-level figure stored for the month (<see cref="Entered"/>, with its version
/// and provenance), what the county's channels give without it (<see cref="Collected"/>), and last month's figure.
/// </summary>
public sealed record EntryCell(
    double? Entered, long? Version, ObservationSource? Source, string? RecordedBy, DateTime? RecordedAtUtc, double? Collected, double? LastMonth)
{
    public static readonly EntryCell Empty = new(null, null, null, null, null, null, null);
}

/// <summary>One of the home county's channels with a figure in the month, and its figure per metric id: detail rows of the grid.</summary>
public sealed record ChannelFigures(int ChannelId, string Name, IReadOnlyDictionary<int, double> Figures);

/// <summary>
/// The month's grid: counties × metrics, each county-month's status, the home county's channels as detail,
/// and why the month cannot be entered (null when it can).
/// </summary>
public sealed record EntrySheet(
    Period Month, IReadOnlyList<County> Counties, IReadOnlyList<MetricDefinition> Metrics,
    IReadOnlyDictionary<(int CountyId, int MetricId), EntryCell> Cells, IReadOnlyDictionary<int, SubmissionStatus> Statuses, string? MonthError,
    IReadOnlyList<ChannelFigures> HomeChannels)
{
    public EntryCell Cell(int countyId, int metricId) => Cells.GetValueOrDefault((countyId, metricId), EntryCell.Empty);

    public SubmissionStatus Status(int countyId) => Statuses.GetValueOrDefault(countyId, SubmissionStatus.Draft);
}

/// <summary>A cell as the user left it: its text, and the version of the entered figure they saw (null: none).</summary>
public sealed record CellEdit(int CountyId, int MetricId, string? Text, long? SeenVersion);

/// <summary>What is wrong with (or to confirm about) one cell, in Chinese.</summary>
public sealed record CellProblem(int CountyId, int MetricId, string Message);

/// <summary>
/// What a save did. Saved, or not and why: errors beside cells, warnings to confirm, figures changed by someone
/// else since the grid was read (each with what is stored now), or a message for the whole grid.
/// </summary>
public sealed record EntrySaveResult(
    bool Saved, UpsertResult? Written, IReadOnlyList<CellProblem> Errors, IReadOnlyList<CellProblem> Warnings, IReadOnlyList<ObservationConflict> Conflicts, string? Message)
{
    public static EntrySaveResult Refused(string message) => new(false, null, [], [], [], message);
}

/// <summary>
/// The monthly figures staff enter by hand (<c>/entry</c>): what is entered is each county's own figure for the
/// month (a county-level observation, which by the design's rule is the county's figure; its channels become
/// detail), and clearing a cell removes it, so the county's figure falls back to the collected one. Every save
/// is checked here on the server (role, month, each value by <see cref="EntryRules"/>, confirmation of jumps)
/// and written through <see cref="ObservationWriter"/> in one transaction, with the version of each figure the
/// user saw, so that a figure someone else changed meanwhile is never overwritten unseen.
/// </summary>
public sealed class MonthlyFigures(
    IDbContextFactory<DashboardDbContext> factory,
    ObservationQueries observations,
    EnteredFigures entered,
    AccountAccess access,
    CountyClock clock,
    IOptionsMonitor<EntryOptions> options)
{
    public async Task<EntrySheet> LoadAsync(Period month, CancellationToken ct)
    {
        var (counties, metrics) = await ReferenceAsync(ct);
        var previous = month.Previous();
        var readings = await observations.LoadMonthlyReadingsAsync(metrics, previous.Start, month.End, FigureView.All, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var entered = await db.Observations.AsNoTracking()
            .Where(o => o.ChannelId == null && o.Granularity == PeriodGranularity.Month && o.PeriodStart == month.Start)
            .Select(o => new { o.CountyId, o.MetricId, o.Value, o.Version, o.Source, o.RecordedBy, o.RecordedAtUtc })
            .ToListAsync(ct);
        var statuses = await db.Submissions.AsNoTracking().Where(s => s.Month == month.Start).ToDictionaryAsync(s => s.CountyId, s => s.Status, ct);

        var cells = new Dictionary<(int, int), EntryCell>();
        foreach (var county in counties)
        {
            foreach (var metric in metrics)
            {
                var own = readings[(county.Id, metric.Id)].ToList();
                var collected = FigureRules.CountyFigure(
                    metric.Kind, own.Where(r => r.ChannelId is not null || r.Period.Granularity == PeriodGranularity.Day), month, month);
                var lastMonth = FigureRules.CountyFigure(metric.Kind, own, previous, previous);
                cells[(county.Id, metric.Id)] = new EntryCell(null, null, null, null, null, collected, lastMonth);
            }
        }

        foreach (var e in entered)
        {
            if (cells.TryGetValue((e.CountyId, e.MetricId), out var cell))
            {
                cells[(e.CountyId, e.MetricId)] = cell with { Entered = e.Value, Version = e.Version, Source = e.Source, RecordedBy = e.RecordedBy, RecordedAtUtc = e.RecordedAtUtc };
            }
        }

        var home = counties.FirstOrDefault(c => c.IsHome);
        var homeChannels = home is null ? [] : await db.Channels.AsNoTracking()
            .Where(c => c.CountyId == home.Id).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var channelFigures = homeChannels
            .Select(c => new ChannelFigures(c.Id, c.Name, metrics
                .Select(m => (m.Id, Figure: FigureRules.CountyFigure(m.Kind, readings[(home!.Id, m.Id)].Where(r => r.ChannelId == c.Id), month, month)))
                .Where(f => f.Figure is not null)
                .ToDictionary(f => f.Id, f => f.Figure!.Value)))
            .Where(c => c.Figures.Count > 0)
            .ToList();
        return new EntrySheet(month, counties, metrics, cells, statuses, EntryRules.MonthError(month, clock.Today), channelFigures);
    }

    /// <summary>
    /// Saves the changed cells of <paramref name="month"/> as <paramref name="user"/>, all or nothing. Unless
    /// <paramref name="confirmed"/>, a save with warnings is not written and returns them to confirm.
    /// </summary>
    public async Task<EntrySaveResult> SaveAsync(ClaimsPrincipal user, Period month, IReadOnlyList<CellEdit> edits, bool confirmed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(edits);
        if (!await access.AuthorizeAsync(user, AccountFeature.WritersPolicy, ct) || user.Identity?.Name is not { Length: > 0 } name)
        {
            return EntrySaveResult.Refused("没有权限：只有填报人员和管理员可以保存数据。");
        }

        if (EntryRules.MonthError(month, clock.Today) is { } monthError)
        {
            return EntrySaveResult.Refused(monthError);
        }

        if (edits.Count == 0)
        {
            return new EntrySaveResult(true, new UpsertResult(0, 0, 0), [], [], [], null);
        }

        var (counties, metrics) = await ReferenceAsync(ct);
        var countyIds = counties.Select(c => c.Id).ToHashSet();
        var metricsById = metrics.ToDictionary(m => m.Id);
        var errors = new List<CellProblem>();
        var values = new List<(CellEdit Edit, MetricDefinition Metric, double? Value)>();
        foreach (var edit in edits)
        {
            if (!countyIds.Contains(edit.CountyId) || !metricsById.TryGetValue(edit.MetricId, out var metric))
            {
                return EntrySaveResult.Refused("表格已过期（区县或指标已变更），请刷新页面后重新填写。");
            }

            var parsed = EntryRules.Parse(metric, edit.Text);
            if (parsed.IsValid)
            {
                values.Add((edit, metric, parsed.Value));
            }
            else
            {
                errors.Add(new CellProblem(edit.CountyId, edit.MetricId, parsed.Error!));
            }
        }

        if (errors.Count > 0)
        {
            return new EntrySaveResult(false, null, errors, [], [], $"有 {errors.Count} 个单元格填写有误，未保存任何数据。");
        }

        var warnings = await WarningsAsync(month, values, ct);
        if (!confirmed && warnings.Count > 0)
        {
            return new EntrySaveResult(false, null, [], warnings, [], $"有 {warnings.Count} 个数值与上月相差较大，请确认后再保存。");
        }

        // A confirmed jump says so in the audit trail, with what was confirmed.
        var confirmedWarnings = warnings.ToDictionary(w => (w.CountyId, w.MetricId), w => $"已确认：{w.Message}");
        var writes = values.Where(v => v.Value is not null)
            .Select(v => new ObservationWrite(v.Metric.Id, v.Edit.CountyId, null, month, v.Value!.Value)
            {
                Expected = new ExpectedVersion(v.Edit.SeenVersion),
                Reason = confirmedWarnings.GetValueOrDefault((v.Edit.CountyId, v.Metric.Id)),
            })
            .ToList();
        var removals = values.Where(v => v.Value is null)
            .Select(v => new ObservationRemoval(v.Metric.Id, v.Edit.CountyId, null, month) { Expected = new ExpectedVersion(v.Edit.SeenVersion) })
            .ToList();
        UpsertResult written;
        try
        {
            written = await entered.WriteAsync(user, name, ObservationSource.Manual, values.Select(v => v.Metric.Key).ToList(), writes, removals, ct);
        }
        catch (ObservationConflictException ex)
        {
            return new EntrySaveResult(false, null, [], [], ex.Conflicts, $"{ex.Conflicts.Count} 个数值在您打开表格后已被他人修改（见标出的单元格），未保存任何数据。您的填写仍保留在表格中。");
        }
        catch (MonthLockedException ex)
        {
            return EntrySaveResult.Refused(ex.Message);
        }

        return new EntrySaveResult(true, written, [], [], [], null);
    }

    // Each new figure against last month's county figure (whatever it was built from).
    private async Task<List<CellProblem>> WarningsAsync(Period month, List<(CellEdit Edit, MetricDefinition Metric, double? Value)> values, CancellationToken ct)
    {
        var entered = values.Where(v => v.Value is not null).ToList();
        if (entered.Count == 0)
        {
            return [];
        }

        var previous = month.Previous();
        var readings = await observations.LoadMonthlyReadingsAsync(entered.Select(v => v.Metric).DistinctBy(m => m.Id).ToList(), previous.Start, previous.End, FigureView.All, ct);
        var share = options.CurrentValue.JumpWarningShare;
        return entered
            .Select(v => (v.Edit, Warning: EntryRules.Warning(v.Metric, v.Value!.Value, FigureRules.CountyFigure(v.Metric.Kind, readings[(v.Edit.CountyId, v.Metric.Id)], previous, previous), share)))
            .Where(w => w.Warning is not null)
            .Select(w => new CellProblem(w.Edit.CountyId, w.Edit.MetricId, w.Warning!))
            .ToList();
    }

    private async Task<(List<County> Counties, List<MetricDefinition> Metrics)> ReferenceAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ToListAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.DisplayOrder).ToListAsync(ct);
        return (counties, metrics);
    }
}
