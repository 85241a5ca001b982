using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using static Ruichang.Dashboard.Tests.Features.Demo.DemoTestSetup;

namespace Ruichang.Dashboard.Tests.Features.Demo;

public sealed class DemoSourcesSeederTests
{
    private const string AdminFeed = "https://feeds.example.cn/people.xml";
    private const string AdminOptions = """{"format":"json","fields":{"mobile_paper_subscribers":"$.result.users"}}""";

    [Fact]
    public async Task Home_channels_without_a_source_are_pointed_at_the_demo_sources_and_configured_ones_are_left_alone()
    {
        using var database = await new TestDatabase().MigrateAsync();
        await using (var db = database.CreateContext())
        {
            var people = await db.Channels.SingleAsync(c => c.Name == "人民网");
            people.Url = AdminFeed;
            var paper = await db.Channels.SingleAsync(c => c.Kind == ChannelKinds.MobilePaper);
            paper.OptionsJson = AdminOptions;
            await db.SaveChangesAsync();
        }

        var changed = await Seeder(database, "http://localhost:5080/").ConfigureChannelsAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        var channels = await after.Channels.ToDictionaryAsync(c => (c.Kind, c.Name));
        // The closed Tencent account and the API-less jxweibo one start disabled already: nothing to change there.
        Assert.Equal(12, changed);
        Assert.Equal((AdminFeed, false), (channels[(ChannelKinds.NewsFeed, "人民网")].Url, channels[(ChannelKinds.NewsFeed, "人民网")].IsEnabled));
        Assert.Equal(("http://localhost:5080/demo/feeds/xinhua.xml", true), (channels[(ChannelKinds.NewsFeed, "新华网")].Url, channels[(ChannelKinds.NewsFeed, "新华网")].IsEnabled));
        Assert.Equal("http://localhost:5080/demo/feeds/jxnews.xml", channels[(ChannelKinds.NewsFeed, "中国江西网")].Url);
        Assert.Equal("http://localhost:5080/demo/feeds/rcnews.xml", channels[(ChannelKinds.OwnSite, "瑞昌新闻网")].Url);
        Assert.Equal(("5360481001", null, true), (channels[(ChannelKinds.Weibo, "九江瑞昌发布")].ExternalId, channels[(ChannelKinds.Weibo, "九江瑞昌发布")].Url, channels[(ChannelKinds.Weibo, "九江瑞昌发布")].IsEnabled));
        Assert.False(channels[(ChannelKinds.Weibo, "瑞昌市新闻中心")].IsEnabled);
        Assert.False(channels[(ChannelKinds.Weibo, "瑞昌市民生博客")].IsEnabled);
        var paperAfter = channels[(ChannelKinds.MobilePaper, "江西手机报瑞昌报")];
        Assert.Equal(("http://localhost:5080/demo/counters/mobile-paper.json", AdminOptions, true), (paperAfter.Url, paperAfter.OptionsJson, paperAfter.IsEnabled));
        var weChat = channels[(ChannelKinds.WeChat, "瑞昌市新闻中心")];
        Assert.Equal("http://localhost:5080/demo/counters/wechat.json", weChat.Url);
        Assert.Equal("$.data.followers", System.Text.Json.JsonDocument.Parse(weChat.OptionsJson).RootElement.GetProperty("fields").GetProperty("wechat_followers").GetString());
        Assert.Equal("http://localhost:5080/demo/commentators/export.csv", channels[(ChannelKinds.CommentatorPlatform, "瑞昌网评员队伍")].Url);
        Assert.DoesNotContain(channels.Values, c => c.IsDemo);
    }

    [Fact]
    public async Task A_second_start_at_the_same_address_changes_nothing()
    {
        using var database = await new TestDatabase().MigrateAsync();
        await Seeder(database, "http://localhost:5080/").ConfigureChannelsAsync(CancellationToken.None);

        var again = await Seeder(database, "http://localhost:5080/").ConfigureChannelsAsync(CancellationToken.None);

        Assert.Equal(0, again);
    }

    [Fact]
    public async Task A_start_at_another_address_points_the_demo_channels_there_and_leaves_the_others()
    {
        using var database = await new TestDatabase().MigrateAsync();
        await Seeder(database, "http://localhost:5080/").ConfigureChannelsAsync(CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            var people = await db.Channels.SingleAsync(c => c.Name == "人民网");
            people.Url = AdminFeed;
            var xinhua = await db.Channels.SingleAsync(c => c.Name == "新华网");
            xinhua.IsEnabled = false;
            await db.SaveChangesAsync();
        }

        var changed = await Seeder(database, "http://127.0.0.1:5391/").ConfigureChannelsAsync(CancellationToken.None);

        await using var after = database.CreateContext();
        var channels = await after.Channels.Where(c => c.Url != null).ToDictionaryAsync(c => c.Name);
        Assert.Equal(11, changed);
        Assert.Equal(AdminFeed, channels["人民网"].Url);
        Assert.Equal(("http://127.0.0.1:5391/demo/feeds/xinhua.xml", false), (channels["新华网"].Url, channels["新华网"].IsEnabled));
        Assert.All(channels.Values.Where(c => c.Name != "人民网"), c => Assert.StartsWith("http://127.0.0.1:5391/demo/", c.Url, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:5080/demo/feeds/people.xml", null, "feeds/people.xml")]
    [InlineData("http://127.0.0.1:41234/demo/counters/wechat.json", null, "counters/wechat.json")]
    [InlineData("http://[::1]:8080/demo/commentators/export.csv", null, "commentators/export.csv")]
    [InlineData("https://rc.example/app/demo/feeds/rcnews.xml", "https://rc.example/app/", "feeds/rcnews.xml")]
    [InlineData("https://rc.example/demo/feeds/rcnews.xml", null, null)]
    [InlineData("http://localhost:5080/demo/feeds/people.xml?page=2", null, null)]
    [InlineData("http://localhost:5080/demo/feeds/other.xml", null, null)]
    [InlineData("https://feeds.example.cn/people.xml", null, null)]
    [InlineData(null, null, null)]
    public void A_demo_source_is_recognised_by_its_path_on_a_loopback_host_or_the_apps_own(string? url, string? appBase, string? path)
    {
        Assert.Equal(path, DemoSourceLinks.SourcePathOf(url, appBase is null ? null : new Uri(appBase)));
    }

    private static DemoSourcesSeeder Seeder(TestDatabase database, string baseUrl) => SourcesSeeder(database, Clock(), baseUrl);
}
