using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Api;

/// <summary>The API answers errors in JSON, never with the web pages' HTML.</summary>
public sealed class ApiErrorsTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task A_body_that_is_not_JSON_gets_a_problem_saying_where_it_breaks()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));
        using var body = new StringContent("""{"county": """, Encoding.UTF8, "application/json");

        using var response = await api.PostAsync("/api/v1/channels", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("不是有效的 JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("$.county", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_error_status_under_the_API_comes_as_problem_JSON_not_a_page()
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(Roles.Admin));

        using var response = await api.GetAsync("/api/v1/no-such-thing");

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
