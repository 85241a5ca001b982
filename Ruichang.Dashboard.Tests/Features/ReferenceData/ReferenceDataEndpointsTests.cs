using System.Net;
using System.Text.Json;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.ReferenceData;

public sealed class ReferenceDataEndpointsTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task Counties_lists_the_thirteen_counties_with_the_home_county()
    {
        using var json = await GetAsync("/api/v1/counties");

        var counties = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(13, counties.Count);
        var home = Assert.Single(counties, c => c.GetProperty("isHome").GetBoolean());
        Assert.Equal("360481", home.GetProperty("code").GetString());
        Assert.Equal("瑞昌市", home.GetProperty("name").GetString());
        Assert.Equal("瑞昌", home.GetProperty("shortName").GetString());
        Assert.Equal(11, home.GetProperty("displayOrder").GetInt32());
        Assert.Equal(["瑞昌"], home.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(Enumerable.Range(1, 13), counties.Select(c => c.GetProperty("displayOrder").GetInt32()));
    }

    [Fact]
    public async Task Counties_json_is_camel_case_and_keeps_Chinese_readable()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Leader));

        var text = await api.GetStringAsync("/api/v1/counties");

        Assert.Contains("\"code\":\"360481\",\"name\":\"瑞昌市\"", text, StringComparison.Ordinal);
        Assert.Contains("\"isHome\":true", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_lists_the_definitions_with_their_kind()
    {
        using var json = await GetAsync("/api/v1/metrics");

        var metrics = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(19, metrics.Count);
        var followers = Assert.Single(metrics, m => m.GetProperty("key").GetString() == "weibo_followers");
        Assert.Equal("微博粉丝", followers.GetProperty("name").GetString());
        Assert.Equal("Weibo followers", followers.GetProperty("nameEn").GetString());
        Assert.Equal("人", followers.GetProperty("unit").GetString());
        Assert.Equal("gauge", followers.GetProperty("kind").GetString());
        Assert.True(followers.GetProperty("higherIsBetter").GetBoolean());
        var posts = Assert.Single(metrics, m => m.GetProperty("key").GetString() == "weibo_posts");
        Assert.Equal("counter", posts.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Channels_lists_each_channel_with_its_county_code_and_options_object_for_an_admin()
    {
        // The app migrates the database when it starts: start it before writing to it.
        _ = app.Server;
        await using (var db = app.Database.CreateContext())
        {
            var sina = db.Channels.Single(c => c.Name == "九江瑞昌发布");
            sina.ExternalId = "2103445435";
            sina.OptionsJson = """{"keywords":["瑞昌"],"pageSize":50}""";
            await db.SaveChangesAsync();
        }

        using var json = await GetAsync("/api/v1/channels", Roles.Admin);

        var channels = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(channels);
        var weibo = Assert.Single(channels, c => c.GetProperty("name").GetString() == "九江瑞昌发布");
        Assert.True(weibo.GetProperty("id").GetInt32() > 0);
        Assert.Equal("360481", weibo.GetProperty("county").GetString());
        Assert.Equal("weibo", weibo.GetProperty("kind").GetString());
        Assert.Equal("sina", weibo.GetProperty("platform").GetString());
        Assert.Equal("2103445435", weibo.GetProperty("externalId").GetString());
        Assert.Equal(JsonValueKind.Null, weibo.GetProperty("url").ValueKind);
        Assert.False(weibo.GetProperty("enabled").GetBoolean());
        var options = weibo.GetProperty("options");
        Assert.Equal(JsonValueKind.Object, options.ValueKind);
        Assert.Equal(50, options.GetProperty("pageSize").GetInt32());
        Assert.Equal("瑞昌", options.GetProperty("keywords")[0].GetString());
    }

    [Theory]
    [InlineData(Roles.Leader)]
    [InlineData(Roles.Staff)]
    public async Task Channels_show_no_URL_and_no_options_to_a_role_that_does_not_manage_them(string role)
    {
        const string url = "https://stats.example.cn/api/paper?access_key=SECRET";
        await using (var db = app.Database.CreateContext())
        {
            var paper = db.Channels.First(c => c.Kind == ChannelKinds.MobilePaper);
            paper.Url = url;
            paper.OptionsJson = """{"fields":{"mobile_paper_subscribers":"$.data.subscribers"},"token":"SECRET"}""";
            await db.SaveChangesAsync();
        }

        using var forRole = await GetAsync("/api/v1/channels", role);
        using var forAdmin = await GetAsync("/api/v1/channels", Roles.Admin);

        Assert.DoesNotContain("SECRET", forRole.RootElement.GetRawText(), StringComparison.Ordinal);
        var hidden = Assert.Single(forRole.RootElement.EnumerateArray(), c => c.GetProperty("kind").GetString() == ChannelKinds.MobilePaper);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("url").ValueKind);
        Assert.Equal("{}", hidden.GetProperty("options").GetRawText());
        Assert.Equal(ChannelKinds.MobilePaper, hidden.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(hidden.GetProperty("name").GetString()));
        var shown = Assert.Single(forAdmin.RootElement.EnumerateArray(), c => c.GetProperty("kind").GetString() == ChannelKinds.MobilePaper);
        Assert.Equal(url, shown.GetProperty("url").GetString());
        Assert.Equal("$.data.subscribers", shown.GetProperty("options").GetProperty("fields").GetProperty("mobile_paper_subscribers").GetString());
        // The same fields for every role: a client reads both alike.
        Assert.Equal(shown.EnumerateObject().Select(p => p.Name), hidden.EnumerateObject().Select(p => p.Name));
    }

    private async Task<JsonDocument> GetAsync(string path, string role = Roles.Leader)
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(role));
        using var response = await api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
