using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Observations;

namespace Ruichang.Dashboard.Features.Sources.Weibo;

/// <summary>
/// After a Weibo run: each county's BCI for the months the run can have changed (this and the
/// previous), from the county's totals over all its accounts. An index is not additive, so it is
/// stored once per county (no channel) rather than per account; an account's own index follows
/// from its figures with <see cref="WeiboIndex.Bci"/>.
/// </summary>
public sealed class WeiboCountyIndex(IDbContextFactory<DashboardDbContext> factory, ObservationQueries queries, ObservationWriter writer, ChangeNotifier notifier, CountyClock clock)
    : ICollectionCompletion
{
    private static readonly string[] Inputs = [MetricKeys.WeiboPosts, MetricKeys.WeiboReposts, MetricKeys.WeiboComments, MetricKeys.WeiboLikes];

    public string JobKey => CollectionJobDefinitions.Weibo;

    public async Task<int> CompleteAsync(IReadOnlyCollection<Channel> succeeded, CancellationToken ct)
    {
        if (succeeded.Count == 0)
        {
            return 0;
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var metrics = await db.Metrics.AsNoTracking().Where(m => Inputs.Contains(m.Key) || m.Key == MetricKeys.WeiboBci).ToDictionaryAsync(m => m.Key, ct);
        var months = new[] { clock.CurrentMonth.Previous(), clock.CurrentMonth };
        var writes = new List<ObservationWrite>();
        foreach (var countyId in succeeded.Select(c => c.CountyId).Distinct())
        {
            var readings = await queries.LoadReadingsAsync([.. Inputs.Select(k => metrics[k].Id)], countyId, months[0].Start, months[1].End, FigureView.All, ct);
            foreach (var month in months)
            {
                double Total(string key) => FigureRules.CountyFigure(MetricKind.Counter, readings[metrics[key].Id], month, month) ?? 0;
                if (Inputs.All(k => !readings[metrics[k].Id].Any(r => r.Period.Start >= month.Start && r.Period.Start <= month.End)))
                {
                    continue;
                }

                var bci = WeiboIndex.Bci(Total(MetricKeys.WeiboPosts), Total(MetricKeys.WeiboReposts), Total(MetricKeys.WeiboComments), Total(MetricKeys.WeiboLikes));
                writes.Add(new ObservationWrite(metrics[MetricKeys.WeiboBci].Id, countyId, null, month, Math.Round(bci, 2)));
            }
        }

        var result = await writer.UpsertAsync(db, writes, new WriteProvenance(ObservationSource.Collector, CollectionJobDefinitions.Weibo + ":bci"), ct);
        if (result.Written > 0)
        {
            notifier.Publish(new ChangeNotice(CollectionJobDefinitions.Weibo, new HashSet<string> { MetricKeys.WeiboBci }, writes.Select(w => w.CountyId).ToHashSet(), clock.Now.UtcDateTime));
        }

        return result.Written;
    }
}
