using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using static Ruichang.Dashboard.Tests.Features.Demo.DemoTestSetup;

namespace Ruichang.Dashboard.Tests.Features.Demo;

public sealed class PurgeDemoVerbTests
{
    [Fact]
    public async Task Purge_removes_every_demo_row_and_nothing_else()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var time = Clock();
        await Seeder(database, time).SeedHistoryAsync(CancellationToken.None);
        long manualId;
        int channels;
        await using (var db = database.CreateContext())
        {
            var metric = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers);
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            await new ObservationWriter(time).UpsertAsync(db, [new ObservationWrite(metric.Id, home.Id, null, Period.Month(2030, 1), 123)],
                new WriteProvenance(ObservationSource.Manual, "staff"), CancellationToken.None);
            manualId = (await db.Observations.SingleAsync(o => !o.IsDemo)).Id;
            db.Commentators.Add(new Commentator { CountyId = home.Id, Name = "真实网评员", JoinedOn = new DateOnly(2020, 1, 1) });
            await db.SaveChangesAsync();
            channels = await db.Channels.CountAsync();
        }

        await using var seeded = database.CreateContext();
        var observations = await seeded.Observations.CountAsync(o => o.IsDemo);
        var articles = await seeded.Articles.CountAsync(a => a.IsDemo);
        var commentators = await seeded.Commentators.CountAsync(c => c.IsDemo);
        var rankings = await seeded.ExternalRankings.CountAsync(r => r.IsDemo);
        var text = new StringWriter();

        var exitCode = await new PurgeDemoVerb(database.Factory, new DemoOptions()).RunAsync([], text, CancellationToken.None);

        await using var after = database.CreateContext();
        Assert.Equal(0, exitCode);
        Assert.Equal(
            $"purged demo data: {observations} observations, {articles} articles, {commentators} commentators, {rankings} rankings",
            text.ToString().TrimEnd().Split('\n')[^1]);
        Assert.Equal(manualId, (await after.Observations.SingleAsync()).Id);
        Assert.Equal("真实网评员", (await after.Commentators.SingleAsync()).Name);
        Assert.Empty(await after.Articles.ToListAsync());
        Assert.Empty(await after.CommentatorActivity.ToListAsync());
        Assert.Empty(await after.ExternalRankings.ToListAsync());
        Assert.Empty(await after.ExternalRankingEntries.ToListAsync());
        Assert.Equal((13, 19, channels), (await after.Counties.CountAsync(), await after.Metrics.CountAsync(), await after.Channels.CountAsync()));
        Assert.True(observations > 30000 && articles > 0 && commentators == 106 && rankings == 1);
    }

    [Fact]
    public async Task Purge_without_demo_data_reports_zeros()
    {
        using var database = await new TestDatabase().MigrateAsync();
        var text = new StringWriter();

        await new PurgeDemoVerb(database.Factory, new DemoOptions()).RunAsync([], text, CancellationToken.None);

        Assert.Equal("purged demo data: 0 observations, 0 articles, 0 commentators, 0 rankings", text.ToString().TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task Purge_takes_no_arguments()
    {
        using var database = await new TestDatabase().MigrateAsync();

        await Assert.ThrowsAsync<CommandLineException>(() => new PurgeDemoVerb(database.Factory, new DemoOptions()).RunAsync(["--all"], TextWriter.Null, CancellationToken.None));
    }
}
