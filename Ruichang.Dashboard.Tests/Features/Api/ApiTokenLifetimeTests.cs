using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Api;

/// <summary>Tokens that expire, and the verbs that list and revoke them, against the running app.</summary>
public sealed class ApiTokenLifetimeTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task An_expired_token_is_401_like_a_revoked_one()
    {
        var token = await app.CreateApiTokenAsync(Roles.Leader, "expired");
        await using (var db = app.Database.CreateContext())
        {
            await db.ApiTokens.Where(t => t.Name == "expired")
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAtUtc, DateTime.UtcNow.AddMinutes(-1)));
        }

        using var api = app.CreateApiClient(token);
        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("已过期", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_before_its_expiry_works()
    {
        var token = await app.Services.GetRequiredService<ApiTokenIssuer>().IssueAsync("not-yet", Roles.Leader, TimeSpan.FromDays(1), CancellationToken.None);

        using var api = app.CreateApiClient(token);
        using var response = await api.GetAsync("/api/v1/counties");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_token_with_expires_stores_the_expiry_and_prints_it()
    {
        var before = DateTime.UtcNow;

        var result = await app.RunVerbAsync("create-token", "monthly-report", "--role", "Leader", "--expires", "30");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^created token monthly-report \(Leader, expires \d{4}-\d\d-\d\d \d\d:\d\dZ, in 30 days\): rcd_\S+$", result.LastLine);
        await using var db = app.Database.CreateContext();
        var stored = await db.ApiTokens.SingleAsync(t => t.Name == "monthly-report");
        Assert.NotNull(stored.ExpiresAtUtc);
        Assert.InRange(stored.ExpiresAtUtc.Value, before.AddDays(30), DateTime.UtcNow.AddDays(30));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("3651")]
    public async Task Create_token_refuses_a_wrong_expiry(string days)
    {
        var result = await app.RunVerbAsync("create-token", $"bad-expiry-{days}", "--role", "Leader", "--expires", days);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--expires 应为 1 到 3650 之间的整数天数", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_tokens_shows_names_roles_and_states_but_never_a_secret()
    {
        var live = await app.CreateApiTokenAsync(Roles.Staff, "list-live");
        var revoked = await app.CreateApiTokenAsync(Roles.Admin, "list-revoked");
        await app.RunVerbAsync("revoke-token", "list-revoked");

        var result = await app.RunVerbAsync("list-tokens");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("list-live\tStaff\t", StringComparison.Ordinal) && l.EndsWith("\tlive", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("list-revoked\tAdmin\t", StringComparison.Ordinal) && l.EndsWith("\trevoked", StringComparison.Ordinal));
        Assert.Matches(@"^listed \d+ tokens \(\d+ live\)$", result.LastLine);
        Assert.DoesNotContain("rcd_", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BearerSecrets.Hash(live), result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BearerSecrets.Hash(revoked), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_token_stops_the_token_at_once_and_is_audited()
    {
        var token = await app.CreateApiTokenAsync(Roles.Leader, "to-revoke");
        using var api = app.CreateApiClient(token);
        using (var before = await api.GetAsync("/api/v1/counties"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var result = await app.RunVerbAsync("revoke-token", "to-revoke");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("revoked token to-revoke (Leader)", result.LastLine);
        using var after = await api.GetAsync("/api/v1/counties");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var db = app.Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == AuditEntities.ApiToken && a.EntityKey == "to-revoke");
        Assert.Equal(AccountAudit.Revoked, audit.Action);
        Assert.StartsWith("cli:", audit.UserName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_token_fails_for_a_name_without_a_live_token()
    {
        var result = await app.RunVerbAsync("revoke-token", "never-made");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("找不到未吊销的令牌 \"never-made\"", result.Error, StringComparison.Ordinal);
    }
}
