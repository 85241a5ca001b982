using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary><c>PUT /api/v1/observations</c> against the app on a real SQLite database.</summary>
public sealed class EntryEndpointsTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private async Task<HttpClient> ClientAsync(string role, string? name = null) => app.CreateApiClient(await app.CreateApiTokenAsync(role, name));

    private async Task<T> InDbAsync<T>(Func<DashboardDbContext, Task<T>> read) =>
        await app.InScopeAsync(async s =>
        {
            await using var db = await s.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
            return await read(db);
        });

    private static ObservationDto Figure(string metric, string county, string period, double value) => new(metric, county, null, period, value);

    [Fact]
    public async Task Staff_write_figures_all_at_once_the_same_request_twice_changes_nothing_and_the_token_is_in_the_audit_trail()
    {
        using var api = await ClientAsync(Roles.Staff, "notice-script");
        ObservationDto[] figures = [Figure("opinion_bulletins", "360481", "2013-03", 12), Figure("opinion_bulletins", "360423", "2013-03", 9)];

        using var first = await api.PutAsJsonAsync("/api/v1/observations", figures);
        using var second = await api.PutAsJsonAsync("/api/v1/observations", figures);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(new UpsertResult(2, 0, 0), await first.Content.ReadFromJsonAsync<UpsertResult>());
        Assert.Equal(new UpsertResult(0, 0, 2), await second.Content.ReadFromJsonAsync<UpsertResult>());
        var read = await api.GetFromJsonAsync<List<ObservationDto>>("/api/v1/observations?metric=opinion_bulletins&county=360481&from=2013-03&to=2013-03");
        Assert.Equal(12, Assert.Single(read!).Value);
        var audit = await InDbAsync(db => db.AuditEntries.Where(a => a.PeriodStart == new DateOnly(2013, 3, 1)).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("token:notice-script", ObservationSource.Manual), (a.UserName, a.Source!.Value)));
    }

    [Fact]
    public async Task Every_bad_item_is_named_with_its_field_and_nothing_is_written()
    {
        using var api = await ClientAsync(Roles.Staff);
        ObservationDto[] figures =
        [
            Figure("opinion_bulletins", "360481", "2013-04", 5),
            Figure("no_such_metric", "360481", "2013-04", 5),
            Figure("opinion_bulletins", "999999", "2013-04", 5),
            Figure("opinion_bulletins", "360423", "2099-01", 5),
            Figure("opinion_bulletins", "360402", "2013-04", -1),
            Figure("opinion_bulletins", "360481", "2013-04", 6),
        ];

        using var response = await api.PutAsJsonAsync("/api/v1/observations", figures);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["[1].metric", "[2].county", "[3].period", "[4].value", "[5].period"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("未知的指标代码 \"no_such_metric\"。", errors.GetProperty("[1].metric")[0].GetString());
        Assert.Equal("未知的区县代码 \"999999\"。", errors.GetProperty("[2].county")[0].GetString());
        Assert.Equal("2099年1月还没有到，不能填报。", errors.GetProperty("[3].period")[0].GetString());
        Assert.Equal("不能为负数。", errors.GetProperty("[4].value")[0].GetString());
        Assert.Contains("与第 1 项重复", errors.GetProperty("[5].period")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await InDbAsync(db => db.Observations.CountAsync(o => o.PeriodStart == new DateOnly(2013, 4, 1))));
    }

    [Fact]
    public async Task A_leader_may_not_write_a_missing_token_is_unauthorised_and_another_method_is_not_allowed()
    {
        using var leader = await ClientAsync(Roles.Leader);
        using var anonymous = app.CreateApiClient(null);
        using var staff = await ClientAsync(Roles.Staff);
        ObservationDto[] figures = [Figure("opinion_bulletins", "360481", "2013-05", 1)];

        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PutAsJsonAsync("/api/v1/observations", figures)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/v1/observations", figures)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await staff.DeleteAsync("/api/v1/observations")).StatusCode);
        Assert.Equal(0, await InDbAsync(db => db.Observations.CountAsync(o => o.PeriodStart == new DateOnly(2013, 5, 1))));
    }

    [Fact]
    public async Task An_approved_month_refuses_a_staff_token_and_takes_an_admin_one()
    {
        var home = await InDbAsync(db => db.Counties.Where(c => c.Code == "360481").Select(c => c.Id).SingleAsync());
        await InDbAsync(async db =>
        {
            db.Submissions.Add(new Submission { CountyId = home, Month = new DateOnly(2013, 6, 1), Status = SubmissionStatus.Approved });
            return await db.SaveChangesAsync();
        });
        using var staff = await ClientAsync(Roles.Staff);
        using var admin = await ClientAsync(Roles.Admin);
        ObservationDto[] figures = [Figure("opinion_bulletins", "360481", "2013-06", 3)];

        using var refused = await staff.PutAsJsonAsync("/api/v1/observations", figures);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("瑞昌市 2013年6月", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/observations", figures)).StatusCode);
    }

    private static MultipartFormDataContent Upload(string fileName, string csv)
    {
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    [Fact]
    public async Task A_spreadsheet_posted_to_imports_is_written_whole_or_answered_with_every_bad_row()
    {
        using var staff = await ClientAsync(Roles.Staff);
        using var leader = await ClientAsync(Roles.Leader);

        using var bad = await staff.PostAsync("/api/v1/imports", Upload("bad.csv", "月份,区县代码,指标代码,数值\n2013-07,360481,opinion_bulletins,4\n2013-07,360481,opinion_bulletins,x\n"));
        using var good = await staff.PostAsync("/api/v1/imports", Upload("good.csv", "月份,区县代码,指标代码,数值\n2013-07,360481,opinion_bulletins,4\n2013-07,360423,opinion_bulletins,5\n"));
        using var forbidden = await leader.PostAsync("/api/v1/imports", Upload("good.csv", "月份,区县代码,指标代码,数值\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var error = Assert.Single((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "数值"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(new UpsertResult(2, 0, 0), await good.Content.ReadFromJsonAsync<UpsertResult>());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(2, await InDbAsync(db => db.Observations.CountAsync(o => o.PeriodStart == new DateOnly(2013, 7, 1))));
    }
}
