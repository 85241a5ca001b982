using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Api;

public sealed class ApiAuthenticationTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task No_token_is_401_with_a_Bearer_challenge_and_problem_details()
    {
        using var api = app.CreateApiClient(token: null);

        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("rcd_not-a-token-anyone-was-given")]
    [InlineData("garbage")]
    public async Task A_token_nobody_issued_is_401(string token)
    {
        using var api = app.CreateApiClient(token);

        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_revoked_token_is_401()
    {
        var token = await app.CreateApiTokenAsync(Roles.Admin, "revoked");
        await using (var db = app.Database.CreateContext())
        {
            await db.ApiTokens.Where(t => t.Name == "revoked").ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, DateTime.UtcNow));
        }

        using var api = app.CreateApiClient(token);
        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Leader)]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Admin)]
    public async Task Every_role_may_read_reference_data(string role)
    {
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(role));

        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_browser_session_is_not_accepted_by_the_api()
    {
        await app.CreateUserAsync("api-cookie", Roles.Admin);
        using var browser = await app.SignInAsync("api-cookie");
        using var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        using var response = await browser.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task An_unknown_api_path_answers_401_not_a_redirect_to_the_sign_in_form()
    {
        using var api = app.CreateApiClient(token: null);

        using var response = await api.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        var token = await app.CreateApiTokenAsync(Roles.Leader, "hash-check");

        await using var db = app.Database.CreateContext();
        var stored = await db.ApiTokens.SingleAsync(t => t.Name == "hash-check");
        Assert.StartsWith("rcd_", token, StringComparison.Ordinal);
        Assert.Equal(BearerSecrets.Hash(token), stored.TokenHash);
        Assert.Matches("^[0-9a-f]{64}$", stored.TokenHash);
        Assert.Equal(Roles.Leader, stored.Role);
        var files = DatabaseFilesText();
        Assert.Contains(stored.TokenHash, files, StringComparison.Ordinal);
        Assert.DoesNotContain(token[4..], files, StringComparison.Ordinal);
    }

    // The database file and its write-ahead log, where a fresh write may still be.
    private string DatabaseFilesText() =>
        string.Concat(Directory.GetFiles(app.Database.Folder).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            return reader.ReadToEnd();
        }));

    [Fact]
    public async Task The_create_token_verb_prints_a_working_token_once_and_stores_its_hash()
    {
        var result = await app.RunVerbAsync("create-token", "ci-export", "--role", "Leader");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("created token ci-export (Leader): rcd_", result.LastLine, StringComparison.Ordinal);
        var token = result.LastLine[(result.LastLine.LastIndexOf(' ') + 1)..];
        await using (var db = app.Database.CreateContext())
        {
            var stored = await db.ApiTokens.SingleAsync(t => t.Name == "ci-export");
            Assert.Equal(BearerSecrets.Hash(token), stored.TokenHash);
            Assert.False(await db.ApiTokens.AnyAsync(t => t.TokenHash.Contains(token)));
        }

        using var api = app.CreateApiClient(token);
        using var response = await api.GetAsync("/api/v1/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var again = await app.RunVerbAsync("create-token", "ci-export", "--role", "Leader");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("已存在", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Using_a_token_records_its_last_use_at_most_every_few_minutes()
    {
        var token = await app.CreateApiTokenAsync(Roles.Leader, "last-used");
        using var api = app.CreateApiClient(token);

        (await api.GetAsync("/api/v1/counties")).Dispose();
        var first = await LastUsedAsync();
        (await api.GetAsync("/api/v1/counties")).Dispose();
        var second = await LastUsedAsync();

        Assert.NotNull(first);
        Assert.Equal(first, second);

        async Task<DateTime?> LastUsedAsync()
        {
            await using var db = app.Database.CreateContext();
            return await db.ApiTokens.Where(t => t.Name == "last-used").Select(t => t.LastUsedAtUtc).SingleAsync();
        }
    }

    [Theory]
    [InlineData(Roles.Leader, ApiFeature.ReadersPolicy, true)]
    [InlineData(Roles.Leader, ApiFeature.WritersPolicy, false)]
    [InlineData(Roles.Leader, ApiFeature.AdminPolicy, false)]
    [InlineData(Roles.Staff, ApiFeature.WritersPolicy, true)]
    [InlineData(Roles.Staff, ApiFeature.AdminPolicy, false)]
    [InlineData(Roles.Admin, ApiFeature.AdminPolicy, true)]
    public async Task A_token_principal_meets_the_api_policies_of_its_role(string role, string policy, bool allowed)
    {
        var principal = await AuthenticateAsync(await app.CreateApiTokenAsync(role));
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();

        var result = await authorization.AuthorizeAsync(principal, policy);

        Assert.Equal(allowed, result.Succeeded);
    }

    [Fact]
    public async Task The_api_policies_accept_only_the_token_scheme()
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        foreach (var name in new[] { ApiFeature.ReadersPolicy, ApiFeature.WritersPolicy, ApiFeature.AdminPolicy })
        {
            var policy = await policies.GetPolicyAsync(name);
            Assert.Equal(["ApiToken"], policy!.AuthenticationSchemes);
        }
    }

    [Fact]
    public async Task A_refusal_by_the_token_scheme_is_403_problem_details()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Response.Body = new MemoryStream();

        await http.ForbidAsync("ApiToken");

        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        http.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
    }

    private async Task<ClaimsPrincipal> AuthenticateAsync(string token)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token).ToString();

        var result = await http.AuthenticateAsync("ApiToken");

        Assert.True(result.Succeeded, result.Failure?.Message);
        return result.Principal;
    }
}
