using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Articles;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources;

/// <summary>The store's groups: several channels in one transaction, each stored or rolled back on its own.</summary>
public sealed class SourceStoreTests : IAsyncLifetime
{
    private CollectorHost? _host;

    private CollectorHost Host => _host ?? throw new InvalidOperationException("The test has not started.");

    public async Task InitializeAsync() => _host = await CollectorHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_channel_that_fails_in_a_group_leaves_nothing_and_the_others_of_the_group_commit()
    {
        var (first, failing, last) = (await AddFeedAsync("甲"), await AddFeedAsync("乙"), await AddFeedAsync("丙"));
        var context = Host.Context();
        await using (var session = await Host.Services.GetRequiredService<SourceStore>().OpenAsync(CancellationToken.None))
        {
            await session.BeginGroupAsync(CancellationToken.None);
            await session.StoreAsync(first, Stories(context, "a1", "a2"), context, "test", CancellationToken.None);
            // It stores a story, then fails: the story must go with it.
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                session.StoreAsync(failing, new SourceReading { Items = [new FailingAfterStoring(Stories(context, "b1").Items[0])] }, context, "test", CancellationToken.None));
            await session.StoreAsync(last, Stories(context, "c1"), context, "test", CancellationToken.None);
            await session.CommitGroupAsync(CancellationToken.None);
        }

        await using var db = Host.Database.CreateContext();
        Assert.Equal(["a1", "a2", "c1"], await StoredStoriesAsync(db));
        var succeeded = await db.Channels.Where(c => c.LastSuccessAtUtc != null).Select(c => c.Id).OrderBy(id => id).ToListAsync();
        Assert.Equal([first.Id, last.Id], succeeded);
    }

    [Fact]
    public async Task A_story_of_a_channel_rolled_back_is_stored_by_the_next_channel_that_carries_it()
    {
        var (failing, next) = (await AddFeedAsync("乙"), await AddFeedAsync("丙"));
        var context = Host.Context();
        await using (var session = await Host.Services.GetRequiredService<SourceStore>().OpenAsync(CancellationToken.None))
        {
            await session.BeginGroupAsync(CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                session.StoreAsync(failing, new SourceReading { Items = [new FailingAfterStoring(Stories(context, "shared").Items[0])] }, context, "test", CancellationToken.None));
            var stored = await session.StoreAsync(next, Stories(context, "shared"), context, "test", CancellationToken.None);
            await session.CommitGroupAsync(CancellationToken.None);
            Assert.True(stored.Written > 0);
        }

        await using var db = Host.Database.CreateContext();
        Assert.Equal(next.Id, (await db.Articles.SingleAsync()).ChannelId);
    }

    [Fact]
    public async Task A_group_given_up_before_its_commit_stores_nothing()
    {
        var channel = await AddFeedAsync("甲");
        var context = Host.Context();
        await using (var session = await Host.Services.GetRequiredService<SourceStore>().OpenAsync(CancellationToken.None))
        {
            await session.BeginGroupAsync(CancellationToken.None);
            await session.StoreAsync(channel, Stories(context, "a1"), context, "test", CancellationToken.None);
        }

        await using var db = Host.Database.CreateContext();
        Assert.Empty(await db.Articles.ToListAsync());
        Assert.Null((await db.Channels.SingleAsync(c => c.Id == channel.Id)).LastSuccessAtUtc);
    }

    [Fact]
    public async Task The_stories_of_a_group_whose_commit_failed_are_stored_by_a_later_group_of_the_run()
    {
        var (first, second) = (await AddFeedAsync("甲"), await AddFeedAsync("乙"));
        var context = Host.Context();
        await using (var session = await Host.Services.GetRequiredService<SourceStore>().OpenAsync(CancellationToken.None))
        {
            await session.BeginGroupAsync(CancellationToken.None);
            await session.StoreAsync(first, Stories(context, "shared"), context, "test", CancellationToken.None);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.CommitGroupAsync(new CancellationToken(canceled: true)));

            // The run goes on: the story is not taken for stored by the group that was rolled back.
            await session.BeginGroupAsync(CancellationToken.None);
            var stored = await session.StoreAsync(second, Stories(context, "shared"), context, "test", CancellationToken.None);
            await session.CommitGroupAsync(CancellationToken.None);
            Assert.True(stored.Written > 0);
        }

        await using var db = Host.Database.CreateContext();
        Assert.Equal(second.Id, (await db.Articles.SingleAsync()).ChannelId);
    }

    private async Task<Channel> AddFeedAsync(string name)
    {
        await using var db = Host.Database.CreateContext();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var channel = new Channel { CountyId = home.Id, Kind = ChannelKinds.NewsFeed, Name = $"测试源{name}", Url = "https://www.jjxw.cn/rss.xml" };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel;
    }

    // Stories about the home county, published now, at https://www.jjxw.cn/news/{key}.html.
    private static SourceReading Stories(SourceContext context, params string[] keys)
    {
        var home = context.Counties.Single(c => c.IsHome).Code;
        return new SourceReading
        {
            Items = [new ArticleItems([.. keys.Select(k => new ArticleReading($"https://www.jjxw.cn/news/{k}.html", $"https://www.jjxw.cn/news/{k}.html", $"瑞昌新闻{k}", DateTime.UtcNow, [home]))])],
        };
    }

    private static async Task<List<string>> StoredStoriesAsync(DashboardDbContext db) =>
        [.. (await db.Articles.Select(a => a.CanonicalUrl).ToListAsync()).Select(u => u["https://www.jjxw.cn/news/".Length..^".html".Length]).Order(StringComparer.Ordinal)];

    private sealed class FailingAfterStoring(ISourceItems inner) : ISourceItems
    {
        public Type PreviewComponent => inner.PreviewComponent;

        public async Task<int> StoreAsync(SourceWrite write, CancellationToken ct)
        {
            await inner.StoreAsync(write, ct);
            throw new InvalidOperationException("写入中途失败");
        }
    }
}
