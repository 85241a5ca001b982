using System.Net;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>The monthly figures page as the app serves it: staff and administrators only.</summary>
public sealed class EntryPageHttpTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Theory]
    [InlineData("/entry")]
    [InlineData("/entry/history")]
    [InlineData("/entry/targets")]
    [InlineData("/entry/import")]
    [InlineData("/entry/import/template.csv")]
    [InlineData("/entry/import/template-wide.csv")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string path)
    {
        using var browser = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(AccountFeature.LoginPath, DashboardAppFactory.RedirectTarget(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/entry")]
    [InlineData("/entry/history")]
    [InlineData("/entry/targets")]
    [InlineData("/entry/import")]
    [InlineData("/entry/import/template.csv")]
    [InlineData("/entry/import/template-wide.csv")]
    public async Task A_leader_gets_the_denied_page(string path)
    {
        var name = $"entry-leader-{path.Replace('/', '-')}";
        await app.CreateUserAsync(name, Roles.Leader);
        using var browser = await app.SignInAsync(name);

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(AccountFeature.DeniedPath, DashboardAppFactory.RedirectTarget(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Admin)]
    public async Task Staff_and_admins_get_the_grid_in_Chinese(string role)
    {
        var name = $"entry-{role}".ToLowerInvariant();
        await app.CreateUserAsync(name, role);
        using var browser = await app.SignInAsync(name);

        var page = await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/entry?month=2014-09"));

        Assert.Contains("月度数据填报", page, StringComparison.Ordinal);
        Assert.Contains("瑞昌市", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"entry-grid\"", page, StringComparison.Ordinal);
        Assert.Contains("修改记录", await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/entry/history")), StringComparison.Ordinal);
        Assert.Contains("年度目标", await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/entry/targets")), StringComparison.Ordinal);
        Assert.Contains("选择文件并导入", await DashboardAppFactory.ReadHtmlAsync(await browser.GetAsync("/entry/import")), StringComparison.Ordinal);
        using var templateResponse = await browser.GetAsync("/entry/import/template.csv");
        Assert.Equal("数据导入模板.csv", templateResponse.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal("import-template.csv", templateResponse.Content.Headers.ContentDisposition!.FileName);
        var template = await templateResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], template[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(template[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("月份,区县代码,指标代码,数值,区县名称,指标名称,渠道,备注", lines[0]);
        Assert.Equal(14, lines.Length);
        var wide = System.Text.Encoding.UTF8.GetString((await (await browser.GetAsync("/entry/import/template-wide.csv")).Content.ReadAsByteArrayAsync())[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("月份,区县代码,区县名称,", wide[0], StringComparison.Ordinal);
        Assert.Contains(",舆情信息", wide[0], StringComparison.Ordinal);
        Assert.Equal(14, wide.Length);
        Assert.All(wide.Skip(1), l => Assert.Equal(wide[0].Count(c => c == ','), l.Count(c => c == ',')));
    }
}
