using Microsoft.Extensions.Hosting;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.CommandLine;
using Ruichang.Dashboard.Features.Demo;

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
}
