using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Demo;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Features.Sources.Http;
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

        Assert.Equal(registered, builder.Services.Any(s => s.ServiceType == typeof(DemoSourcesSeeder)));
        Assert.Equal(registered, builder.Services.Any(s => s.ServiceType == typeof(IHostedService) && s.ImplementationFactory is not null));
        Assert.Equal(registered, builder.Services.Any(s => s.ServiceType == typeof(DemoSourceFigures)));
    }

    [Theory]
    [InlineData(null, "http://localhost/")]
    [InlineData(" ", "http://localhost/")]
    [InlineData("http://dashboard.example:8080", "http://dashboard.example:8080/")]
    [InlineData("https://rc.example/app/", "https://rc.example/app/")]
    public void The_sources_base_url_gets_a_trailing_slash_and_unset_waits_for_the_servers_address(string? setting, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:Enabled"] = "true";
        builder.Configuration["Demo:SourcesBaseUrl"] = setting;

        builder.AddDemo();

        using var services = builder.Services.BuildServiceProvider();
        var address = services.GetRequiredService<DemoSourcesAddress>();
        Assert.Equal(setting, services.GetRequiredService<IOptions<DemoOptions>>().Value.SourcesBaseUrl);
        Assert.Equal(expected, address.BaseUrl.AbsoluteUri);
        Assert.Equal(expected + "demo/", address.Prefix);
    }

    [Theory]
    [InlineData("localhost:5080")]
    [InlineData("ftp://localhost/")]
    [InlineData("http://localhost:5080/?x=1")]
    [InlineData("/relative/")]
    public void A_sources_base_url_that_is_not_an_http_address_stops_the_app_naming_the_key(string setting)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Demo:SourcesBaseUrl"] = setting;

        var error = Assert.Throws<ConfigurationException>(() => builder.AddDemo());

        Assert.Equal("Demo:SourcesBaseUrl", error.Key);
        Assert.Contains("Demo:SourcesBaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_are_validated_on_start_by_the_same_validator()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddDemo();
        builder.Configuration["Demo:SourcesBaseUrl"] = "ftp://localhost/";

        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DemoOptions>>().Value);
        Assert.Contains("Demo:SourcesBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_sources_base_url_stops_the_started_app_with_a_message_naming_the_key()
    {
        using var database = new TestDatabase();

        var result = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Dashboard"] = database.ConnectionString,
            ["Demo__Enabled"] = "true",
            ["Demo__SourcesBaseUrl"] = "localhost:5080",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Demo:SourcesBaseUrl", result.Error, StringComparison.Ordinal);
        Assert.Contains("localhost:5080", result.Error, StringComparison.Ordinal);
    }

    // ---- the collectors' way to the demo sources ------------------------------------------

    [Fact]
    public void With_nothing_configured_the_collectors_get_the_demo_Weibo_API_and_the_demo_host_once_the_server_listens()
    {
        var server = new FakeServer();
        using var services = Services(server, []);
        var sources = services.GetRequiredService<IOptionsMonitor<SourcesOptions>>();
        var before = sources.CurrentValue;

        server.Listen("http://[::]:5391", "https://localhost:7001");
        services.GetRequiredService<DemoSourcesAddress>().Resolve();

        Assert.Equal(("http://localhost/demo/weibo/2/", "demo-token-not-a-secret", 15), (before.Weibo.BaseUrl, before.Weibo.AccessToken, before.Weibo.TimelinePages));
        var after = sources.CurrentValue;
        Assert.Equal("http://localhost:5391/demo/weibo/2/", after.Weibo.BaseUrl);
        Assert.Equal("demo-token-not-a-secret", after.Weibo.AccessToken);
        Assert.Equal(["localhost"], after.AllowedHosts);
    }

    [Theory]
    [InlineData("http://localhost:5080", "http://localhost:5080/demo/weibo/2/")]
    [InlineData("http://127.0.0.1:0", "http://localhost/demo/weibo/2/")]
    public void Before_the_server_listens_the_address_the_urls_setting_asks_for_is_used(string urls, string expected)
    {
        using var services = Services(new FakeServer(), new() { ["urls"] = urls });

        Assert.Equal(expected, services.GetRequiredService<IOptionsMonitor<SourcesOptions>>().CurrentValue.Weibo.BaseUrl);
    }

    [Fact]
    public void An_administrators_Weibo_and_hosts_are_kept_and_the_demo_host_is_added_to_them()
    {
        var server = new FakeServer();
        using var services = Services(server, new()
        {
            ["Sources:Weibo:AccessToken"] = "real-token",
            ["Sources:Weibo:TimelinePages"] = "3",
            ["Sources:AllowedHosts:0"] = "api.weibo.com",
        });
        server.Listen("http://127.0.0.1:5391");
        services.GetRequiredService<DemoSourcesAddress>().Resolve();

        var sources = services.GetRequiredService<IOptionsMonitor<SourcesOptions>>().CurrentValue;

        Assert.Equal(("https://api.weibo.com/2/", "real-token", 3), (sources.Weibo.BaseUrl, sources.Weibo.AccessToken, sources.Weibo.TimelinePages));
        Assert.Equal(["api.weibo.com", "127.0.0.1"], sources.AllowedHosts);
    }

    [Fact]
    public void A_configured_sources_base_url_is_used_whatever_the_server_listens_on()
    {
        var server = new FakeServer();
        using var services = Services(server, new() { ["Demo:SourcesBaseUrl"] = "http://dashboard.local:8080" });
        server.Listen("http://127.0.0.1:5391");
        services.GetRequiredService<DemoSourcesAddress>().Resolve();

        var sources = services.GetRequiredService<IOptionsMonitor<SourcesOptions>>().CurrentValue;

        Assert.Equal("http://dashboard.local:8080/demo/weibo/2/", sources.Weibo.BaseUrl);
        Assert.Equal(["dashboard.local"], sources.AllowedHosts);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5391", "http://127.0.0.1:5391/")]
    [InlineData("https://localhost:7001|http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://0.0.0.0:80", "http://127.0.0.1/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://localhost:8080/")]
    [InlineData("http://10.0.0.5:8080|http://[::1]:8081", "http://[::1]:8081/")]
    [InlineData("https://dashboard.example", "https://dashboard.example/")]
    [InlineData("", null)]
    public void The_listening_address_prefers_plain_http_on_loopback(string addresses, string? expected)
    {
        Assert.Equal(expected, DemoSourcesAddress.Choose(addresses.Split('|', StringSplitOptions.RemoveEmptyEntries))?.AbsoluteUri);
    }

    private static ServiceProvider Services(FakeServer server, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Demo:Enabled"] = "true";
        builder.Services.AddSingleton<IServer>(server);
        builder.Services.AddOptions<SourcesOptions>().Bind(builder.Configuration.GetSection(SourcesOptions.SectionName));
        builder.AddDemo();
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>A server that reports the addresses a test says it listens on.</summary>
    private sealed class FakeServer : IServer
    {
        private readonly ServerAddressesFeature _addresses = new();

        public FakeServer() => Features.Set<IServerAddressesFeature>(_addresses);

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Listen(params string[] addresses)
        {
            foreach (var address in addresses)
            {
                _addresses.Addresses.Add(address);
            }
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
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
