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

/// <summary>The metrics page over a real database, as an administrator unless a test says otherwise.</summary>
public sealed class MetricsPageTests : AdminPageTestBase
{
    public MetricsPageTests() => Services.AddSingleton<ChangeNotifier>().AddSingleton(sp => new MetricEditor(Database.Factory, sp.GetRequiredService<ChangeNotifier>(), Time));

    private async Task<IRenderedComponent<MetricsPage>> OpenAsync()
    {
        await StartAsync();
        var page = Render<MetricsPage>();
        page.WaitForAssertion(() => Assert.Equal(MetricKeys.All.Length, page.FindAll("[data-testid=metric-name]").Count));
        return page;
    }

    private async Task<MetricDefinition> StoredAsync(string key)
    {
        await using var db = Database.CreateContext();
        return await db.Metrics.AsNoTracking().SingleAsync(m => m.Key == key);
    }

    [Fact]
    public async Task An_admin_renames_a_metric_and_sees_the_new_name_and_the_change()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();
        Assert.Contains("存量（取期末值）", page.Markup, StringComparison.Ordinal);

        await page.Find($"[data-testid=edit-metric][data-key={MetricKeys.JournalistVisits}]").ClickAsync(new());
        await page.Find("[data-testid=form-name]").ChangeAsync(new() { Value = "记者接待" });
        await page.Find("[data-testid=form-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=metric-form]")));
        Assert.Equal("记者接待", (await StoredAsync(MetricKeys.JournalistVisits)).Name);
        Assert.Equal("记者接待", page.Find($"[data-testid=metric-name][data-key={MetricKeys.JournalistVisits}]").TextContent);
        Assert.Contains("接待记者 → 记者接待", Assert.Single(page.FindAll("[data-testid=change]")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_name_of_another_metric_is_refused_beside_the_field()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();

        await page.Find($"[data-testid=edit-metric][data-key={MetricKeys.JournalistVisits}]").ClickAsync(new());
        await page.Find("[data-testid=form-name]").ChangeAsync(new() { Value = "舆情专报" });
        await page.Find("[data-testid=form-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("指标名称「舆情专报」已是舆情专报的指标名称。", page.Find("[data-testid=metric-form]").TextContent, StringComparison.Ordinal));
        Assert.Equal("接待记者", (await StoredAsync(MetricKeys.JournalistVisits)).Name);
    }

    [Fact]
    public async Task Someone_who_is_no_longer_an_admin_cannot_save()
    {
        using var culture = UiCulture.Use("zh-CN");
        var page = await OpenAsync();
        await page.Find($"[data-testid=edit-metric][data-key={MetricKeys.JournalistVisits}]").ClickAsync(new());
        await page.Find("[data-testid=form-unit]").ChangeAsync(new() { Value = "批" });

        SignInAs("someone", Roles.Leader);
        await page.Find("[data-testid=form-save]").ClickAsync(new());

        Assert.Contains(SnackbarMessages, m => m.Contains("没有权限", StringComparison.Ordinal));
        Assert.Equal("次", (await StoredAsync(MetricKeys.JournalistVisits)).Unit);
    }
}
