using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Rankings;

[Collection(DemoAppGroup.Name)]
public sealed class RankingEndpointsTests(DemoAppFactory app)
{
    private async Task<HttpClient> LeaderAsync() => app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Leader));

    [Fact]
    public async Task The_api_ranks_the_thirteen_counties_with_the_numbers_the_page_reads()
    {
        using var api = await LeaderAsync();

        var items = await api.GetFromJsonAsync<List<RankingDto>>("/api/v1/rankings?metric=article_placements&period=2014-Q3");

        Assert.NotNull(items);
        Assert.Equal(13, items.Count);
        Assert.Contains(items, i => i.County == "360481" && i.Name == "瑞昌市");
        var ranked = items.TakeWhile(i => i.Rank is not null).ToList();
        Assert.NotEmpty(ranked);
        Assert.All(items.Skip(ranked.Count), i => Assert.Equal((null, null), (i.Rank, i.Value)));
        Assert.Equal(ranked.OrderByDescending(i => i.Value).Select(i => i.Value), ranked.Select(i => i.Value));
        Assert.Equal(1, ranked[0].Rank);
        Assert.Null(ranked[0].GapToAbove);

        // The page reads the same code: its ranking holds the same numbers in the same order.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var metric = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.ArticlePlacements);
        var page = await app.Services.GetRequiredService<RankingQueries>().GetAsync(metric, RankingPeriod.Quarter(2014, 3), FigureView.All, CancellationToken.None);
        Assert.Equal(
            page.Rows.Select(r => (r.County.Code, r.Place.Value, r.Place.Rank, r.Place.PreviousRank, r.Place.GapToAbove)),
            items.Select(i => (i.County, i.Value, i.Rank, i.PreviousRank, i.GapToAbove)));
    }

    [Fact]
    public async Task The_json_uses_the_names_of_the_public_surface()
    {
        using var api = await LeaderAsync();

        var items = await api.GetFromJsonAsync<JsonElement>("/api/v1/rankings?metric=weibo_followers&period=2014");

        var first = items[0];
        Assert.Equal(
            ["county", "name", "value", "rank", "previousRank", "gapToAbove"],
            first.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("period=2014-09", "metric")]
    [InlineData("metric=nope&period=2014-09", "metric")]
    [InlineData("metric=weibo_posts", "period")]
    [InlineData("metric=weibo_posts&period=2014-Q5", "period")]
    [InlineData("metric=weibo_posts&period=2999-01", "period")]
    public async Task Bad_parameters_get_a_Chinese_message_naming_the_field(string query, string field)
    {
        using var api = await LeaderAsync();

        using var response = await api.GetAsync($"/api/v1/rankings?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var api = app.CreateApiClient(null);

        using var response = await api.GetAsync("/api/v1/rankings?metric=weibo_posts&period=2014");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
