using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Sources.Http;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Channels;

/// <summary><c>POST /api/v1/channels</c> through the running app on a real database.</summary>
public sealed class ChannelEndpointsTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task A_valid_channel_is_201_with_the_channel_and_is_then_listed()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await PostAsync(api, """
            {"county": "360423", "kind": "weibo", "name": "武宁发布", "platform": "sina", "externalId": "1234567890", "url": null, "options": {"keywords": ["武宁"]}}
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetInt32();
        Assert.True(id > 0);
        Assert.Equal("360423", created.RootElement.GetProperty("county").GetString());
        Assert.Equal("武宁", created.RootElement.GetProperty("options").GetProperty("keywords")[0].GetString());
        Assert.True(created.RootElement.GetProperty("enabled").GetBoolean());

        using var list = JsonDocument.Parse(await api.GetStringAsync("/api/v1/channels"));
        var listed = Assert.Single(list.RootElement.EnumerateArray().ToList(), c => c.GetProperty("id").GetInt32() == id);
        Assert.Equal("武宁发布", listed.GetProperty("name").GetString());
        Assert.Equal("weibo", listed.GetProperty("kind").GetString());
        Assert.Equal("sina", listed.GetProperty("platform").GetString());
        Assert.Equal("1234567890", listed.GetProperty("externalId").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("url").ValueKind);
    }

    [Fact]
    public async Task Options_may_be_left_out_and_become_an_empty_object()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await PostAsync(api, """{"county": "360481", "kind": "news-feed", "name": "江西新闻网 RSS", "url": "https://www.jxnews.example/rss.xml"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("{}", created.RootElement.GetProperty("options").GetRawText());
    }

    [Fact]
    public async Task A_new_channels_host_may_be_fetched_at_once()
    {
        // With no Sources:AllowedHosts the channels' own hosts are the list, cached for a minute:
        // a new channel must not wait for the cache to expire.
        var policy = app.Services.GetRequiredService<HostPolicy>();
        var url = new Uri("https://feeds.pengze.example/news.xml");
        await Assert.ThrowsAsync<HostNotAllowedException>(() => policy.EnsureAllowedAsync(url, CancellationToken.None));
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await PostAsync(api, $$"""{"county": "360430", "kind": "news-feed", "name": "彭泽新闻", "url": "{{url}}"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await policy.EnsureAllowedAsync(url, CancellationToken.None);
    }

    [Theory]
    [InlineData("county", """{"county": "999999", "kind": "weibo", "name": "甲", "externalId": "1"}""", "未知的区县代码")]
    [InlineData("county", """{"kind": "weibo", "name": "甲", "externalId": "1"}""", "请选择区县")]
    [InlineData("kind", """{"county": "360481", "kind": "tiktok", "name": "甲"}""", "weibo（政务微博）")]
    [InlineData("name", """{"county": "360481", "kind": "weibo", "name": "  ", "externalId": "1"}""", "名称不能为空")]
    [InlineData("name", """{"county": "360481", "kind": "weibo", "name": "LONG", "externalId": "1"}""", "不能超过 100 个字符")]
    [InlineData("name", """{"county": "360481", "kind": "weibo", "name": "九江瑞昌发布", "externalId": "1"}""", "瑞昌市已有名为“九江瑞昌发布”的政务微博渠道")]
    [InlineData("url", """{"county": "360481", "kind": "news-feed", "name": "甲", "url": "ftp://example.com/rss"}""", "http:// 或 https://")]
    [InlineData("url", """{"county": "360481", "kind": "weibo", "name": "甲", "externalId": "1", "url": "/relative/path"}""", "http:// 或 https://")]
    [InlineData("url", """{"county": "360481", "kind": "news-feed", "name": "甲"}""", "必须填写网址")]
    [InlineData("url", """{"county": "360481", "kind": "ranking-list", "name": "甲", "url": ""}""", "必须填写网址")]
    [InlineData("externalId", """{"county": "360481", "kind": "weibo", "name": "甲"}""", "必须填写外部 ID")]
    [InlineData("options", """{"county": "360481", "kind": "weibo", "name": "甲", "externalId": "1", "options": ["a"]}""", "JSON 对象")]
    [InlineData("options", """{"county": "360481", "kind": "weibo", "name": "甲", "externalId": "1", "options": "{}"}""", "JSON 对象")]
    public async Task An_invalid_channel_is_422_with_a_Chinese_error_for_the_field(string field, string body, string message)
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));
        await using var db = app.Database.CreateContext();
        var before = await db.Channels.CountAsync();

        using var response = await PostAsync(api, body.Replace("\"LONG\"", $"\"{new string('长', 101)}\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await db.Channels.CountAsync());
    }

    [Fact]
    public async Task Every_wrong_field_gets_its_own_error_at_once()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await PostAsync(api, """{"county": "1", "kind": "x", "name": "", "url": "nope", "options": 3}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["county", "kind", "name", "options", "url"], fields);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Leader)]
    public async Task Adding_a_channel_is_forbidden_to_staff_and_leader_tokens(string role)
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(role));

        using var response = await PostAsync(api, """{"county": "360481", "kind": "weibo", "name": "不该出现", "externalId": "1"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Channels.AnyAsync(c => c.Name == "不该出现"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient api, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await api.PostAsync("/api/v1/channels", content);
    }
}
