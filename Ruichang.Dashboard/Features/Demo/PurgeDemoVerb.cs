using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Demo;

/// <summary>
/// <c>purge-demo</c>: removes every demo row — observations, placed stories, commentators with their
/// activity, external rankings with their entries — in one transaction. Reference data and every
/// figure that was entered, imported or collected stay.
/// </summary>
internal sealed class PurgeDemoVerb(IDbContextFactory<DashboardDbContext> factory, DemoOptions options) : ICommandLineVerb
{
    public string Name => "purge-demo";

    public string Usage => "—— 删除全部演示数据（指标数值、稿件、网评员及其活动、外部排行榜）";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        if (args.Count > 0)
        {
            throw new CommandLineException($"purge-demo 不接受参数：{string.Join(' ', args)}");
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        var purged = await strategy.ExecuteAsync(
            async token =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var observations = await db.Observations.Where(o => o.IsDemo).ExecuteDeleteAsync(token);
                var activity = await db.CommentatorActivity.Where(a => a.IsDemo || a.Commentator!.IsDemo).ExecuteDeleteAsync(token);
                var commentators = await db.Commentators.Where(c => c.IsDemo).ExecuteDeleteAsync(token);
                var articles = await db.Articles.Where(a => a.IsDemo).ExecuteDeleteAsync(token);
                var entries = await db.ExternalRankingEntries.Where(e => e.Ranking!.IsDemo).ExecuteDeleteAsync(token);
                var rankings = await db.ExternalRankings.Where(r => r.IsDemo).ExecuteDeleteAsync(token);
                await transaction.CommitAsync(token);
                return (observations, activity, commentators, articles, entries, rankings);
            },
            ct);

        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"observations: {purged.observations}"));
        await output.WriteLineAsync(string.Create(c, $"articles: {purged.articles}"));
        await output.WriteLineAsync(string.Create(c, $"commentators: {purged.commentators} (activity months: {purged.activity})"));
        await output.WriteLineAsync(string.Create(c, $"rankings: {purged.rankings} (entries: {purged.entries})"));
        if (options.Enabled)
        {
            await output.WriteLineAsync($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)} 已开启：下次启动时会重新生成演示数据。");
        }

        await output.WriteLineAsync(string.Create(c,
            $"purged demo data: {purged.observations} observations, {purged.articles} articles, {purged.commentators} commentators, {purged.rankings} rankings"));
        return 0;
    }
}
