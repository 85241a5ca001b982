using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources.Commentators;

/// <summary>Commentator months counted from stored tasks: whole runs against exports on a loopback server.</summary>
public sealed class CommentatorTaskItemsTests : CollectorTest
{
    private const string Header = "姓名,编号,单位,任务,日期,转发数,跟帖数\n";
    private const string Platform = "瑞昌网评员队伍";

    private static string Export(params string[] rows) => Header + string.Join("\n", rows) + "\n";

    private async Task<(int Reposts, int Replies, int Count)> SeptemberAsync()
    {
        var reposts = await StoredAsync(MetricKeys.CommentatorReposts, 2014, 9) ?? 0;
        var replies = await StoredAsync(MetricKeys.CommentatorReplies, 2014, 9) ?? 0;
        var count = await StoredAsync(MetricKeys.CommentatorCount, 2014, 9) ?? 0;
        return ((int)reposts, (int)replies, (int)count);
    }

    [Fact]
    public async Task An_export_that_lists_only_part_of_a_month_never_shrinks_it()
    {
        Server.Serve("/tasks.csv", Export(
            "张丽,RC001,市委宣传部,转发《瑞昌铜岭铜矿遗址保护工程启动》,2014-09-03,12,5",
            "张丽,RC001,市委宣传部,跟帖《瑞昌山药文化节》,2014-09-20,8,2"), "text/csv; charset=utf-8");
        await PointAsync(Platform, "/tasks.csv");
        await RunAsync(CollectionJobDefinitions.Commentators);
        Assert.Equal((20, 7, 1), await SeptemberAsync());

        // The platform now exports only the last ten days.
        Server.Serve("/tasks.csv", Export("张丽,RC001,市委宣传部,跟帖《瑞昌山药文化节》,2014-09-20,8,2"), "text/csv; charset=utf-8");
        var run = await RunAsync(CollectionJobDefinitions.Commentators);

        Assert.Equal((JobRunStatus.Succeeded, 0), (run.Status, run.ItemsWritten));
        Assert.Equal((20, 7, 1), await SeptemberAsync());
    }

    [Fact]
    public async Task A_task_whose_counts_grew_is_updated_not_counted_twice()
    {
        Server.Serve("/tasks.csv", Export("张丽,RC001,市委宣传部,转发《瑞昌发布》,2014-09-03,12,5"), "text/csv; charset=utf-8");
        await PointAsync(Platform, "/tasks.csv");
        await RunAsync(CollectionJobDefinitions.Commentators);

        Server.Serve("/tasks.csv", Export("张丽,RC001,市委宣传部,转发《瑞昌发布》,2014-09-03,15,6"), "text/csv; charset=utf-8");
        await RunAsync(CollectionJobDefinitions.Commentators);

        Assert.Equal((15, 6, 1), await SeptemberAsync());
        await using var db = Host.Database.CreateContext();
        Assert.Equal(1, await db.CommentatorTasks.CountAsync());
    }

    [Fact]
    public async Task The_same_person_on_two_platforms_adds_up_and_neither_platform_overwrites_the_other()
    {
        Server.Serve("/qq.csv", Export("张丽,RC001,市委宣传部,转发《瑞昌发布》,2014-09-03,12,5"), "text/csv; charset=utf-8");
        Server.Serve("/wx.csv", Export("张丽,W-77,市委宣传部,转发《瑞昌发布》,2014-09-03,30,1"), "text/csv; charset=utf-8");
        await PointAsync(Platform, "/qq.csv");
        var second = await AddChannelAsync(ChannelKinds.CommentatorPlatform, "微信网评任务", "/wx.csv");

        await RunAsync(CollectionJobDefinitions.Commentators);
        await RunAsync(CollectionJobDefinitions.Commentators);

        Assert.Equal((42, 6, 1), await SeptemberAsync());
        await using var db = Host.Database.CreateContext();
        var person = await db.Commentators.SingleAsync();
        Assert.Equal(2, await db.CommentatorAccounts.CountAsync(a => a.CommentatorId == person.Id));
        Assert.Equal("W-77", (await db.CommentatorAccounts.SingleAsync(a => a.ChannelId == second)).ExternalId);
        Assert.Equal((42, 6), await db.CommentatorActivity.Where(a => a.CommentatorId == person.Id).Select(a => ValueTuple.Create(a.Reposts, a.Replies)).SingleAsync());
    }

    [Fact]
    public async Task A_platform_id_finds_its_person_after_a_change_of_name()
    {
        Server.Serve("/tasks.csv", Export("张丽,RC001,市委宣传部,转发《瑞昌发布》,2014-09-03,12,5"), "text/csv; charset=utf-8");
        await PointAsync(Platform, "/tasks.csv");
        await RunAsync(CollectionJobDefinitions.Commentators);

        Server.Serve("/tasks.csv", Export("张莉,RC001,市委宣传部,跟帖《瑞昌山药》,2014-09-20,8,2"), "text/csv; charset=utf-8");
        await RunAsync(CollectionJobDefinitions.Commentators);

        Assert.Equal((20, 7, 1), await SeptemberAsync());
        await using var db = Host.Database.CreateContext();
        Assert.Equal(1, await db.Commentators.CountAsync());
    }

    [Fact]
    public async Task A_name_two_people_of_the_county_share_is_counted_once_and_the_run_says_it_was_ambiguous()
    {
        await using (var db = Host.Database.CreateContext())
        {
            var home = await db.Counties.SingleAsync(c => c.IsHome);
            db.Commentators.AddRange(
                new Commentator { CountyId = home.Id, Name = "李强", Unit = "湓城街道", JoinedOn = new DateOnly(2014, 1, 1) },
                new Commentator { CountyId = home.Id, Name = "李强", Unit = "范镇", JoinedOn = new DateOnly(2014, 1, 1) });
            await db.SaveChangesAsync();
        }

        Server.Serve("/tasks.csv", Export("李强,,,转发《瑞昌发布》,2014-09-03,12,5", "王建国,RC002,湓城街道,转发《瑞昌发布》,2014-09-03,3,1"), "text/csv; charset=utf-8");
        var channel = await PointAsync(Platform, "/tasks.csv");

        var run = await RunAsync(CollectionJobDefinitions.Commentators);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        Assert.Equal((15, 6, 2), await SeptemberAsync());
        var source = await SourceResultAsync(run, channel);
        Assert.Contains("姓名「李强」在本县有 2 名网评员，平台未提供编号", source.Note, StringComparison.Ordinal);
        await using var check = Host.Database.CreateContext();
        Assert.Equal(3, await check.Commentators.CountAsync());
    }

    [Fact]
    public async Task Rows_of_one_export_with_the_same_person_day_and_task_are_summed_and_a_rerun_changes_nothing()
    {
        Server.Serve("/tasks.csv", Export(
            "王建国,RC002,湓城街道,,2014-09-03,3,1",
            "王建国,RC002,湓城街道,,2014-09-03,4,2"), "text/csv; charset=utf-8");
        await PointAsync(Platform, "/tasks.csv");

        await RunAsync(CollectionJobDefinitions.Commentators);
        var again = await RunAsync(CollectionJobDefinitions.Commentators);

        Assert.Equal((7, 3, 1), await SeptemberAsync());
        Assert.Equal(0, again.ItemsWritten);
    }
}
