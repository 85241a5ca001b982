using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Rankings;

/// <summary>A published ranking list for a period.</summary>
public sealed record RankingReading(
    string ListName, string? Publisher, string PeriodLabel, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly? PublishedOn,
    IReadOnlyList<RankingEntryReading> Entries);

/// <summary>An entry of a ranking list; <paramref name="CountyCode"/> when the account belongs to a known county.</summary>
public sealed record RankingEntryReading(
    string AccountName, string? CountyCode, int Rank, double? Score, double? Influence, double? Activity, double? Coverage, double? Spread);

/// <summary>
/// The ranking lists of one read, and how they are stored: a list is identified by its name and
/// period and replaced as a whole when anything in it changed; an unchanged list is left alone.
/// </summary>
public sealed record RankingItems(IReadOnlyList<RankingReading> Rankings) : ISourceItems
{
    public Type PreviewComponent => typeof(RankingsPreview);

    public async Task<int> StoreAsync(SourceWrite write, CancellationToken ct)
    {
        var db = write.Db;
        var written = 0;
        foreach (var ranking in Rankings)
        {
            var entries = ranking.Entries
                .Select(e => (e.AccountName, CountyId: e.CountyCode is { } code ? write.Context.CountyId(code) : null, e.Rank, e.Score, e.Influence, e.Activity, e.Coverage, e.Spread))
                .OrderBy(e => e.Rank).ThenBy(e => e.AccountName, StringComparer.Ordinal)
                .ToList();
            var row = await db.ExternalRankings.Include(r => r.Entries).SingleOrDefaultAsync(r => r.ListName == ranking.ListName && r.PeriodStart == ranking.PeriodStart, ct);
            var stored = row?.Entries
                .Select(e => (e.AccountName, e.CountyId, e.Rank, e.Score, e.Influence, e.Activity, e.Coverage, e.Spread))
                .OrderBy(e => e.Rank).ThenBy(e => e.AccountName, StringComparer.Ordinal)
                .ToList();
            if (row is not null && stored!.SequenceEqual(entries) && row.PeriodEnd == ranking.PeriodEnd && row.PeriodLabel == ranking.PeriodLabel)
            {
                continue;
            }

            if (row is null)
            {
                row = new ExternalRanking { ListName = ranking.ListName, PeriodLabel = ranking.PeriodLabel, PeriodStart = ranking.PeriodStart };
                db.ExternalRankings.Add(row);
            }

            row.Publisher = ranking.Publisher;
            row.PeriodLabel = ranking.PeriodLabel;
            row.PeriodEnd = ranking.PeriodEnd;
            row.PublishedOn = ranking.PublishedOn;
            row.IsDemo = false;
            row.Entries.Clear();
            row.Entries.AddRange(entries.Select(e => new ExternalRankingEntry
            {
                AccountName = e.AccountName, CountyId = e.CountyId, Rank = e.Rank, Score = e.Score,
                Influence = e.Influence, Activity = e.Activity, Coverage = e.Coverage, Spread = e.Spread,
            }));
            written += entries.Count;
            foreach (var countyId in entries.Select(e => e.CountyId).OfType<int>())
            {
                write.Changed(ChangeNotice.ExternalRankings, countyId);
            }
        }

        await db.SaveChangesAsync(ct);
        return written;
    }
}
