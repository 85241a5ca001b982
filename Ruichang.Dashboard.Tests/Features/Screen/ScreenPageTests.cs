using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Overview;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Features.Screen;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Screen;

/// <summary>The screen page in its circuit, over a real database, with a fake clock driving its timers.</summary>
public sealed class ScreenPageTests : BunitTestBase
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));
    private readonly DisplaysOptions _options = new();

    public ScreenPageTests()
    {
        JSInterop.SetupVoid("ruichangScreen.started").SetVoidResult();
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(new CountyClock(_time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Services.AddSingleton(new DisplayKeys(_database.Factory, _time));
        Services.AddScoped<ScreenAccess>();
        Services.AddSingleton(Options.Create(_options));
        Services.AddSingleton<AuthenticationStateProvider, Nobody>();
        // What the stage shows: the overview's and the rankings' reads, live through the change notices.
        Services.AddSingleton(_database.Factory);
        Services.AddSingleton<ObservationQueries>();
        Services.AddSingleton<FigureViews>();
        Services.AddSingleton<OverviewQueries>();
        Services.AddSingleton<RankingQueries>();
        Services.AddSingleton<ScreenStageReads>();
        Services.AddSingleton<ChangeNotifier>();
        Services.AddOptions<ScreenOptions>();
        Services.AddLogging();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private DisplayKeys Keys => Services.GetRequiredService<DisplayKeys>();

    private async Task<CreatedDisplayKey> OpenWithKeyAsync()
    {
        await _database.MigrateAsync();
        var key = await Keys.CreateAsync("会议室", "cli:test", CancellationToken.None);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"screen?key={key.Key}");
        return key;
    }

    [Fact]
    public async Task A_live_key_shows_the_stage_with_the_county_clock()
    {
        await OpenWithKeyAsync();

        var page = Render<ScreenPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-screen-stage]")));
        Assert.Contains("瑞昌网络宣传指标看板", page.Find("h1").TextContent, StringComparison.Ordinal);
        // 04:00 UTC is noon in Ruichang.
        Assert.Contains("2014年10月15日 星期三", page.Find("[data-testid=screen-clock]").TextContent, StringComparison.Ordinal);
        Assert.Equal("12:00:00", page.Find(".screen-clock-time").TextContent);
        // No figures yet: the stage says so where the numbers go, and names its other regions.
        Assert.Contains("还没有任何数据", page.Find("[data-testid=screen-empty]").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, page.FindAll("[data-testid=screen-placeholder]").Count);
        Assert.Contains("—", page.Find("[data-testid=screen-as-of]").TextContent, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Equal("12:00:01", page.Find(".screen-clock-time").TextContent));
    }

    [Fact]
    public async Task A_key_revoked_while_the_wall_is_open_stops_it_at_the_next_check()
    {
        var key = await OpenWithKeyAsync();
        var page = Render<ScreenPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-screen-stage]")));

        await Keys.RevokeAsync(key.Info.Id, "user:admin", CancellationToken.None);
        _time.Advance(_options.KeyRecheckInterval - TimeSpan.FromSeconds(1));
        Assert.NotNull(page.Find("[data-screen-stage]"));
        _time.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal(ScreenPage.RefusedMessage, page.Find("[data-testid=screen-refused] h1").TextContent));
        Assert.Empty(page.FindAll("[data-screen-stage]"));
    }

    [Fact]
    public async Task A_key_revoked_while_the_wall_was_away_stops_it_when_its_connection_comes_back()
    {
        var key = await OpenWithKeyAsync();
        var page = Render<ScreenPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-screen-stage]")));
        await Keys.RevokeAsync(key.Info.Id, "user:admin", CancellationToken.None);

        // What the circuit's handler hears when the wall reconnects; the circuit itself plays no part.
        await new ScreenCircuitHandler(Services.GetRequiredService<ScreenAccess>()).OnConnectionUpAsync(null!, CancellationToken.None);

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=screen-refused]")));
    }

    [Fact]
    public async Task A_live_key_stays_open_through_checks_and_reconnects()
    {
        await OpenWithKeyAsync();
        var page = Render<ScreenPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-screen-stage]")));

        _time.Advance(_options.KeyRecheckInterval * 3);
        await new ScreenCircuitHandler(Services.GetRequiredService<ScreenAccess>()).OnConnectionUpAsync(null!, CancellationToken.None);

        Assert.NotNull(page.Find("[data-screen-stage]"));
        Assert.Empty(page.FindAll("[data-testid=screen-refused]"));
    }

    [Fact]
    public async Task Nobody_without_a_key_is_sent_to_sign_in()
    {
        await _database.MigrateAsync();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("screen");

        Render<ScreenPage>();

        Assert.EndsWith("account/login?returnUrl=%2Fscreen", navigation.Uri, StringComparison.Ordinal);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _database.Dispose();
    }

    private sealed class Nobody : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal()));
    }
}
