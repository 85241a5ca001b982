using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Observations;

[Collection(DemoAppGroup.Name)]
public sealed class ObservationEndpointsTests(DemoAppFactory app)
{
    private async Task<HttpClient> LeaderAsync() => app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Leader));

    [Fact]
    public async Task Followers_of_the_three_Weibo_accounts_add_up_to_the_countys_figure()
    {
        using var api = await LeaderAsync();

        var items = await api.GetFromJsonAsync<List<ObservationDto>>("/api/v1/observations?metric=weibo_followers&county=360481&from=2014-11&to=2014-12");

        Assert.NotNull(items);
        Assert.Equal(["2014-11", "2014-12"], items.Select(i => i.Period));
        var december = items[^1];
        Assert.Equal(("weibo_followers", "360481", (int?)null), (december.Metric, december.County, december.Channel));
        Assert.InRange(december.Value, 30_000, 31_000);
    }

    [Fact]
    public async Task A_counter_per_month_sums_to_the_years_total()
    {
        using var api = await LeaderAsync();

        var items = await api.GetFromJsonAsync<List<ObservationDto>>("/api/v1/observations?metric=mobile_paper_issues&county=360481&from=2014-01&to=2014-12");

        // The mobile paper started in February 2014: January has no figure rather than a zero.
        Assert.Equal(11, items!.Count);
        Assert.Equal(129, items.Sum(i => i.Value));
    }

    [Fact]
    public async Task One_channel_can_be_asked_for_alone()
    {
        using var api = await LeaderAsync();
        var channels = await api.GetFromJsonAsync<JsonElement>("/api/v1/channels");
        var sina = channels.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "九江瑞昌发布").GetProperty("id").GetInt32();

        var all = await api.GetFromJsonAsync<List<ObservationDto>>("/api/v1/observations?metric=weibo_followers&county=360481&from=2014-12&to=2014-12");
        var one = await api.GetFromJsonAsync<List<ObservationDto>>($"/api/v1/observations?metric=weibo_followers&county=360481&from=2014-12&to=2014-12&channel={sina}");

        Assert.Equal(sina, Assert.Single(one!).Channel);
        Assert.True(one![0].Value < all![0].Value);
    }

    [Theory]
    [InlineData("metric=nope&county=360481", "metric")]
    [InlineData("county=360481", "metric")]
    [InlineData("metric=weibo_followers&county=999999", "county")]
    [InlineData("metric=weibo_followers&county=360481&from=2014-13", "from")]
    [InlineData("metric=weibo_followers&county=360481&granularity=day&from=2014-09&to=2014-09-30", "from")]
    [InlineData("metric=weibo_followers&county=360481&granularity=week", "granularity")]
    [InlineData("metric=weibo_followers&county=360481&from=2014-12&to=2014-01", "from")]
    [InlineData("metric=weibo_followers&county=360481&from=1900-01&to=2014-01", "to")]
    [InlineData("metric=weibo_followers&county=360402&channel=1", "channel")]
    public async Task Bad_parameters_get_a_Chinese_message_naming_the_field(string query, string field)
    {
        using var api = await LeaderAsync();

        using var response = await api.GetAsync($"/api/v1/observations?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", message);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var api = app.CreateApiClient(null);

        using var response = await api.GetAsync("/api/v1/observations?metric=weibo_followers&county=360481");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
