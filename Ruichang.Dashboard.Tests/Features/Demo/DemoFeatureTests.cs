using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Demo;

public sealed class DemoFeatureTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void The_seeder_is_registered_only_when_the_demo_is_enabled_and_the_verb_always(string? setting, bool seeds)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:Enabled"] = setting;

        builder.AddDemo();

        Assert.Equal(seeds, builder.Services.Any(s => s.ServiceType == typeof(IStartupSeeder) && s.ImplementationType == typeof(DemoHistorySeeder)));
        Assert.Contains(builder.Services, s => s.ServiceType == typeof(ICommandLineVerb) && s.ImplementationType == typeof(PurgeDemoVerb));
    }

    [Fact]
    public void A_setting_that_is_not_a_boolean_stops_the_app_naming_the_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:Enabled"] = "maybe";

        var error = Assert.Throws<ConfigurationException>(() => builder.AddDemo());

        Assert.Equal("Demo:Enabled", error.Key);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void The_demo_sources_are_registered_only_when_the_demo_is_enabled(string setting, bool registered)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:Enabled"] = setting;

        builder.AddDemo();

        Assert.Equal(registered, builder.Services.Any(s => s.ServiceType == typeof(IStartupSeeder) && s.ImplementationType == typeof(DemoSourcesSeeder)));
        Assert.Equal(registered, builder.Services.Any(s => s.ServiceType == typeof(DemoSourceFigures)));
    }

    [Theory]
    [InlineData(null, "http://localhost:5080/")]
    [InlineData("http://dashboard.example:8080", "http://dashboard.example:8080/")]
    [InlineData("https://rc.example/app/", "https://rc.example/app/")]
    public void The_sources_base_url_gets_a_trailing_slash_and_the_demo_prefix_follows_it(string? setting, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:SourcesBaseUrl"] = setting;

        builder.AddDemo();

        var options = builder.Services.Single(s => s.ServiceType == typeof(DemoOptions)).ImplementationInstance as DemoOptions;
        Assert.Equal(expected, options!.SourcesBaseUrl);
        Assert.Equal(expected + "demo/", options.SourcesPrefix);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("ftp://localhost/")]
    [InlineData("http://localhost:5080/?x=1")]
    public void A_sources_base_url_that_is_not_an_http_address_stops_the_app_naming_the_key(string setting)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:SourcesBaseUrl"] = setting;

        var error = Assert.Throws<ConfigurationException>(() => builder.AddDemo());

        Assert.Equal("Demo:SourcesBaseUrl", error.Key);
    }

    [Fact]
    public async Task With_the_demo_off_no_demo_source_is_mapped()
    {
        using var app = new DashboardAppFactory();
        await app.CreateUserAsync("demo-off-admin", Roles.Admin);
        using var browser = await app.SignInAsync("demo-off-admin");

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "");
        using var weibo = await browser.GetAsync("/demo/weibo/2/users/show.json?uid=5360481001&access_token=demo-token-not-a-secret");
        using var feed = await browser.GetAsync("/demo/feeds/people.xml");
        using var counter = await browser.GetAsync("/demo/counters/mobile-paper.json");
        using var export = await browser.GetAsync("/demo/commentators/export.csv");

        Assert.DoesNotContain(routes, r => r.StartsWith("/demo", StringComparison.OrdinalIgnoreCase));
        Assert.All(new[] { weibo, feed, counter, export }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }
}
