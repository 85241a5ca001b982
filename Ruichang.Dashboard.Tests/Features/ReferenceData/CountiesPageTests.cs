using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.ReferenceData;
using Ruichang.Dashboard.Tests.Features.Admin;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.ReferenceData;

/// <summary>The counties page over a real database, as an administrator unless a test says otherwise.</summary>
public sealed class CountiesPageTests : AdminPageTestBase
{
    public CountiesPageTests() => Services.AddSingleton<ChangeNotifier>().AddSingleton(sp => new CountyEditor(Database.Factory, sp.GetRequiredService<ChangeNotifier>(), Time));

    private async Task<IRenderedComponent<CountiesPage>> OpenAsync()
    {
        await StartAsync();
        var page = Render<CountiesPage>();
        page.WaitForAssertion(() => Assert.Equal(13, page.FindAll("[data-testid=county-name]").Count));
        return page;
    }

    private async Task<County> StoredAsync(string code)
    {
        await using var db = Database.CreateContext();
        return await db.Counties.AsNoTracking().SingleAsync(c => c.Code == code);
    }

    [Fact]
    public async Task The_page_lists_the_counties_with_their_keywords_and_no_changes_yet()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();

        Assert.Equal("瑞昌市", page.Find("[data-testid=county-name][data-code='360481']").TextContent);
        Assert.Contains("星子县", page.Find("[data-testid=county-keywords][data-code='360483']").TextContent, StringComparison.Ordinal);
        Assert.Contains("本市", page.Markup, StringComparison.Ordinal);
        Assert.Contains("区县设置还没有修改过", page.Find("[data-testid=no-changes]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_adds_keywords_and_sees_them_listed_and_the_change_recorded()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();

        await page.Find("[data-testid=edit-county][data-code='360481']").ClickAsync(new());
        await page.Find("[data-testid=form-keywords]").ChangeAsync(new() { Value = "瑞昌、码头镇" });
        await page.Find("[data-testid=form-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=county-form]")));
        Assert.Equal("瑞昌,码头镇", (await StoredAsync("360481")).Keywords);
        Assert.Contains(SnackbarMessages, m => m.Contains("已保存瑞昌市的设置", StringComparison.Ordinal));
        Assert.Contains("码头镇", page.Find("[data-testid=county-keywords][data-code='360481']").TextContent, StringComparison.Ordinal);
        var change = Assert.Single(page.FindAll("[data-testid=change]")).TextContent;
        Assert.Contains("user:admin", change, StringComparison.Ordinal);
        Assert.Contains("关键词", change, StringComparison.Ordinal);
        Assert.Contains("瑞昌 → 瑞昌,码头镇", change, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyword_of_another_county_is_refused_beside_the_field_and_nothing_is_saved()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();

        await page.Find("[data-testid=edit-county][data-code='360423']").ClickAsync(new());
        await page.Find("[data-testid=form-keywords]").ChangeAsync(new() { Value = "武宁,瑞昌码头" });
        await page.Find("[data-testid=form-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("关键词「瑞昌码头」与瑞昌市的「瑞昌」重叠", page.Find("[data-testid=county-form]").TextContent, StringComparison.Ordinal));
        Assert.Equal("武宁", (await StoredAsync("360423")).Keywords);
    }

    [Fact]
    public async Task Someone_who_is_no_longer_an_admin_cannot_save()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();
        await page.Find("[data-testid=edit-county][data-code='360481']").ClickAsync(new());
        await page.Find("[data-testid=form-keywords]").ChangeAsync(new() { Value = "瑞昌,码头镇" });

        SignInAs("someone", Roles.Staff);
        await page.Find("[data-testid=form-save]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Equal("瑞昌", (await StoredAsync("360481")).Keywords);
    }
}
