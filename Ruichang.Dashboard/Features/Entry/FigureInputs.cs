using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>
/// A figure as someone outside the grid sends it: codes as typed, the value as a number (the API) or as the
/// text of a cell (<paramref name="ValueText"/>, an import), checked by <see cref="FigureInputs"/>.
/// </summary>
public sealed record FigureInput(string? Metric, string? County, int? Channel, string? Period, double? Value, string? ValueText = null);

/// <summary>What is wrong with item <see cref="Index"/> (from 0), in which field, in Chinese.</summary>
public sealed record FigureInputError(int Index, string Field, string Message);

/// <summary>The figures of a batch that passed every check, ready for <see cref="ObservationWriter"/>, with the metrics they touch.</summary>
public sealed record CheckedFigures(IReadOnlyList<ObservationWrite> Writes, IReadOnlyList<FigureInputError> Errors, IReadOnlySet<string> MetricKeys);

/// <summary>
/// Checks a batch of figures sent through the API (and, later, read from an import) against the reference data
/// and <see cref="EntryRules"/>: metric and county codes that exist, a channel of that county, a month
/// (<c>2014-09</c>) or day (<c>2014-09-30</c>) that has begun, a value the metric allows, and no figure twice.
/// Every error of every item is reported, so one answer lists them all.
/// </summary>
public sealed class FigureInputs(IDbContextFactory<DashboardDbContext> factory, CountyClock clock)
{
    public async Task<CheckedFigures> CheckAsync(IReadOnlyList<FigureInput> inputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        await using var db = await factory.CreateDbContextAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().ToDictionaryAsync(m => m.Key, StringComparer.Ordinal, ct);
        var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var channelIds = inputs.Where(i => i.Channel is not null).Select(i => i.Channel!.Value).Distinct().ToList();
        var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.CountyId, ct);

        var errors = new List<FigureInputError>();
        var writes = new List<ObservationWrite>();
        var keys = new Dictionary<(int, int, int?, Period), int>();
        var today = clock.Today;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var index = i;
            void Error(string field, string message) => errors.Add(new FigureInputError(index, field, message));

            var metric = string.IsNullOrWhiteSpace(input.Metric) ? null : metrics.GetValueOrDefault(input.Metric.Trim());
            if (metric is null)
            {
                Error("metric", string.IsNullOrWhiteSpace(input.Metric) ? "缺少指标代码，例如 weibo_followers。" : $"未知的指标代码 \"{Shorten(input.Metric)}\"。");
            }

            int? countyId = string.IsNullOrWhiteSpace(input.County) ? null : counties.TryGetValue(input.County.Trim(), out var id) ? id : null;
            if (countyId is null)
            {
                Error("county", string.IsNullOrWhiteSpace(input.County) ? "缺少区县代码，例如 360481。" : $"未知的区县代码 \"{Shorten(input.County)}\"。");
            }
            else if (input.Channel is { } channel && channels.GetValueOrDefault(channel) != countyId)
            {
                Error("channel", $"渠道 {channel} 不存在或不属于区县 {input.County!.Trim()}。");
            }

            Period? period = null;
            if (!Period.TryParse(input.Period?.Trim(), out var parsed))
            {
                Error("period", string.IsNullOrWhiteSpace(input.Period) ? "缺少期间：月份写作 2014-09，日期写作 2014-09-30。" : $"无法识别的期间 \"{Shorten(input.Period)}\"：月份写作 2014-09，日期写作 2014-09-30。");
            }
            else if (EntryRules.MonthError(parsed.Value, today) is { } notYet)
            {
                Error("period", notYet);
            }
            else
            {
                period = parsed.Value;
            }

            // A number is checked against its metric; a cell's text is read by its metric's rules. Without a
            // known metric neither can be judged: the value is then only missing when there is none at all.
            var value = input.Value;
            string? valueError = null;
            if (metric is not null && input.ValueText is { } text)
            {
                (value, valueError) = EntryRules.Parse(metric, text);
            }
            else if (metric is not null && value is { } number)
            {
                valueError = EntryRules.Check(metric, number);
            }

            if (valueError is not null)
            {
                Error("value", valueError);
            }
            else if (value is null && (metric is not null || string.IsNullOrWhiteSpace(input.ValueText)))
            {
                Error("value", "缺少数值。");
            }

            if (metric is null || countyId is null || period is null || value is null || errors.Any(e => e.Index == index))
            {
                continue;
            }

            if (keys.TryGetValue((metric.Id, countyId.Value, input.Channel, period.Value), out var first))
            {
                Error("period", $"与第 {first + 1} 项重复（指标、区县、渠道和期间都相同）。");
                continue;
            }

            keys[(metric.Id, countyId.Value, input.Channel, period.Value)] = index;
            writes.Add(new ObservationWrite(metric.Id, countyId.Value, input.Channel, period.Value, value.Value));
        }

        var touched = writes.Select(w => metrics.Values.First(m => m.Id == w.MetricId).Key).ToHashSet(StringComparer.Ordinal);
        return new CheckedFigures(errors.Count == 0 ? writes : [], errors, touched);
    }

    // An echoed code is cut short: the answer must not grow with what was sent.
    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
