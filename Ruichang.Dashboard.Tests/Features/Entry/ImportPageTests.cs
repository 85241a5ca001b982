using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>The import page with a file chosen in it, over a real SQLite database.</summary>
public sealed class ImportPageTests : BunitTestBase
{
    private readonly TestDatabase _database = new();

    public ImportPageTests()
    {
        var user = new SignedInUser();
        user.Set("zhang", Roles.Staff);
        Services.AddEntryPages(_database, new FakeTimeProvider(new DateTimeOffset(2014, 10, 15, 2, 0, 0, TimeSpan.Zero)), user);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _database.Dispose();
    }

    [Fact]
    public async Task A_file_with_errors_lists_them_by_row_and_a_clean_one_reports_its_counts()
    {
        using var culture = UiCulture.Use("zh-CN");
        await _database.MigrateAsync();
        var page = Render<ImportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("月份,区县代码,指标代码,数值\n2014-09,360481,opinion_bulletins,十二\n", "九月.csv"));
        page.WaitForAssertion(() => Assert.Contains("「九月.csv」未导入", page.Find("[data-testid=import-message]").TextContent, StringComparison.Ordinal));
        var error = Assert.Single(page.FindAll("[data-testid=import-error]"));
        Assert.Equal(["2", "数值", "请填写整数（单位：期，不带单位）。"], error.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("月份,区县代码,指标代码,数值\n2014-09,360481,opinion_bulletins,12\n", "九月.csv"));
        page.WaitForAssertion(() => Assert.Contains("已导入：新增 1 个", page.Find("[data-testid=import-message]").TextContent, StringComparison.Ordinal));
        await using var db = _database.CreateContext();
        Assert.Equal(12, (await db.Observations.SingleAsync()).Value);
    }
}
