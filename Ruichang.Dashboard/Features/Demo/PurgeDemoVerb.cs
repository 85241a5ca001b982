using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// <c>purge-demo</c>: removes every demo row — observations, placed stories, commentators with their
/// platform ids, tasks and activity, external rankings with their entries, the peers' demo Weibo
/// accounts — in one transaction, together with what collectors read from the demo sources (figures,
/// stories and commentator tasks of the demo accounts and of the channels pointed at the demo
/// sources, recognised by their <c>/demo/…</c> URL whatever the port: <see cref="DemoSourceLinks.SourcePathOf"/>).
/// Those reference channels stay, with the demo URL, uid and options cleared and disabled until
/// someone configures a real source. A commentator somebody added keeps the months of their tasks on
/// other platforms. Every other figure that was entered, imported or collected stays.
/// </summary>
internal sealed class PurgeDemoVerb(IDbContextFactory<DashboardDbContext> factory, IOptions<DemoOptions> options) : ICommandLineVerb
{
    public string Name => "purge-demo";

    public string Usage => "—— 删除全部演示数据（指标数值、稿件、网评员及其任务和活动、外部排行榜、演示微博账号），清除演示数据源地址";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        if (args.Count > 0)
        {
            throw new CommandLineException($"purge-demo 不接受参数：{string.Join(' ', args)}");
        }

        var appBase = options.Value.ConfiguredBaseUrl;
        var homeUid = DemoSourceLinks.WeiboUid(ReferenceCatalog.HomeCountyCode);
        string[] demoOptions = [DemoSourceLinks.MobilePaperOptions, DemoSourceLinks.WeChatOptions];
        await using var db = await factory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        var purged = await strategy.ExecuteAsync(
            async token =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var demoChannels = await db.Channels.Where(c => c.IsDemo).Select(c => c.Id).ToListAsync(token);
                var wiredChannels = (await db.Channels.Where(c => !c.IsDemo).ToListAsync(token))
                    .Where(c => DemoSourceLinks.SourcePathOf(c.Url, appBase) is not null || c.ExternalId == homeUid)
                    .ToList();
                var wired = wiredChannels.ConvertAll(c => c.Id);
                var sources = demoChannels.Concat(wired).ToList();

                // A collector's writes are recorded as "<job>:<channel id>", county-level totals included.
                var collected = CollectionJobDefinitions.All.SelectMany(j => sources.Select(id => string.Create(CultureInfo.InvariantCulture, $"{j.Key}:{id}"))).ToList();
                var observations = await db.Observations
                    .Where(o => o.IsDemo
                        || (o.ChannelId != null && sources.Contains(o.ChannelId.Value))
                        || (o.Source == ObservationSource.Collector && collected.Contains(o.RecordedBy!)))
                    .ExecuteDeleteAsync(token);

                // The months of people somebody added whose tasks came from a demo source: made again from their other tasks.
                var touched = (await db.CommentatorTasks
                        .Where(t => !t.Commentator!.IsDemo && (t.IsDemo || sources.Contains(t.ChannelId)))
                        .Select(t => new { t.CommentatorId, t.Date })
                        .ToListAsync(token))
                    .Select(t => (t.CommentatorId, Month: Period.MonthOf(t.Date).Start))
                    .ToHashSet();
                var tasks = await db.CommentatorTasks.Where(t => t.IsDemo || t.Commentator!.IsDemo || sources.Contains(t.ChannelId)).ExecuteDeleteAsync(token);
                await RecountAsync(db, touched, token);
                await db.CommentatorAccounts.Where(a => a.Commentator!.IsDemo || sources.Contains(a.ChannelId)).ExecuteDeleteAsync(token);
                var activity = await db.CommentatorActivity.Where(a => a.IsDemo || a.Commentator!.IsDemo).ExecuteDeleteAsync(token);
                var commentators = await db.Commentators.Where(c => c.IsDemo).ExecuteDeleteAsync(token);
                var articles = await db.Articles.Where(a => a.IsDemo || sources.Contains(a.ChannelId)).ExecuteDeleteAsync(token);
                var entries = await db.ExternalRankingEntries.Where(e => e.Ranking!.IsDemo).ExecuteDeleteAsync(token);
                var rankings = await db.ExternalRankings.Where(r => r.IsDemo).ExecuteDeleteAsync(token);

                // Job-run history stays; its rows lose the link to the removed channels (the key sets null).
                var channels = await db.Channels.Where(c => c.IsDemo).ExecuteDeleteAsync(token);
                foreach (var channel in wiredChannels)
                {
                    channel.Url = DemoSourceLinks.SourcePathOf(channel.Url, appBase) is null ? channel.Url : null;
                    channel.ExternalId = channel.ExternalId == homeUid ? null : channel.ExternalId;
                    channel.OptionsJson = demoOptions.Contains(channel.OptionsJson) ? "{}" : channel.OptionsJson;
                    channel.IsEnabled = false;
                    (channel.LastSuccessAtUtc, channel.LastAttemptAtUtc, channel.LastError) = (null, null, null);
                }

                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                return (observations, tasks, activity, commentators, articles, entries, rankings, channels, reset: wiredChannels.Count);
            },
            ct);

        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"observations: {purged.observations}"));
        await output.WriteLineAsync(string.Create(c, $"articles: {purged.articles}"));
        await output.WriteLineAsync(string.Create(c, $"commentators: {purged.commentators} (activity months: {purged.activity}, tasks: {purged.tasks})"));
        await output.WriteLineAsync(string.Create(c, $"rankings: {purged.rankings} (entries: {purged.entries})"));
        await output.WriteLineAsync(string.Create(c, $"channels: {purged.channels} demo accounts removed, {purged.reset} reference channels cleared of demo sources and disabled"));
        if (options.Value.Enabled)
        {
            await output.WriteLineAsync($"{DemoOptions.EnabledKey} 已开启：下次启动时会重新生成演示数据。");
        }

        await output.WriteLineAsync(string.Create(c,
            $"purged demo data: {purged.observations} observations, {purged.articles} articles, {purged.commentators} commentators, {purged.rankings} rankings, {purged.channels} channels"));
        return 0;
    }

    /// <summary>Each (commentator, month) again from the tasks left: the sums, or no month when none is left.</summary>
    private static async Task RecountAsync(DashboardDbContext db, HashSet<(int CommentatorId, DateOnly Month)> touched, CancellationToken ct)
    {
        if (touched.Count == 0)
        {
            return;
        }

        var ids = touched.Select(t => t.CommentatorId).Distinct().ToList();
        var left = (await db.CommentatorTasks.Where(t => ids.Contains(t.CommentatorId)).Select(t => new { t.CommentatorId, t.Date, t.Reposts, t.Replies }).ToListAsync(ct))
            .GroupBy(t => (t.CommentatorId, Month: Period.MonthOf(t.Date).Start))
            .ToDictionary(g => g.Key, g => (Reposts: g.Sum(t => t.Reposts), Replies: g.Sum(t => t.Replies)));
        var months = touched.Select(t => t.Month).Distinct().ToList();
        foreach (var row in await db.CommentatorActivity.Where(a => ids.Contains(a.CommentatorId) && months.Contains(a.Month)).ToListAsync(ct))
        {
            if (!touched.Contains((row.CommentatorId, row.Month)))
            {
                continue;
            }

            if (left.TryGetValue((row.CommentatorId, row.Month), out var sums))
            {
                (row.Reposts, row.Replies) = sums;
            }
            else
            {
                db.CommentatorActivity.Remove(row);
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
