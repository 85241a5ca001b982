using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Exports;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Tests.Features.Settings;

/// <summary>Settings are bound and validated by Microsoft.Extensions.Options: on start, naming the key, and again on every reload.</summary>
public sealed class SettingsTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Theory]
    [InlineData("Collection:TimeZone", "Mars/Olympus", "Collection:TimeZone")]
    [InlineData("Collection:StopGracePeriod", "01:00:00", "Collection:StopGracePeriod")]
    [InlineData("Collection:Jobs:rankings:Cron", "every day", "Collection:Jobs:rankings:Cron")]
    [InlineData("Collection:Jobs:tiktok:Cron", "0 0 8 * * ?", "Collection:Jobs:tiktok")]
    [InlineData("Collection:Enabled", "maybe", "Collection:Enabled")]
    public void A_wrong_collection_setting_stops_the_app_naming_the_key(string key, string value, string named)
    {
        var builder = Builder(new() { [key] = value, ["Collection:Enabled"] = key == "Collection:Enabled" ? value : "false" });

        var error = Assert.Throws<ConfigurationException>(() => builder.AddCollection());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("配置错误 ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sources:Http:MaxConcurrency", "0", "Sources:Http:MaxConcurrency: 应在 1 到 64 之间")]
    [InlineData("Sources:Weibo:TimelinePages", "99", "Sources:Weibo:TimelinePages: 应在 1 到 50 之间")]
    [InlineData("Sources:Weibo:BaseUrl", "ftp://api.weibo.com/2/", "Sources:Weibo:BaseUrl: 不是有效的 http(s) 地址")]
    [InlineData("Sources:AllowedHosts:0", "bad host!", "Sources:AllowedHosts: 不是有效的主机名：\"bad host!\"")]
    [InlineData("Sources:Http:TotalTimeout", "00:00:05", "Sources:Http:TotalTimeout: 不应小于单次超时")]
    [InlineData("Sources:ReadTimeout", "00:00:00", "Sources:ReadTimeout: 应在 00:00:00.1 到 01:00:00 之间")]
    [InlineData("Sources:Http:MaxRetries", "lots", "Sources:Http:MaxRetries: 无法读取")]
    public void A_wrong_sources_setting_stops_the_app_naming_the_key(string key, string value, string expected)
    {
        var builder = Builder(new() { [key] = value });

        var error = Assert.Throws<ConfigurationException>(() => builder.AddSources());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reloaded_value_is_validated_too()
    {
        var builder = Builder(new() { ["Collection:Enabled"] = "false" });
        builder.AddCollection();
        using var host = builder.Build();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<CollectionOptions>>();
        Assert.Equal(TimeSpan.FromSeconds(15), monitor.CurrentValue.StopGracePeriod);

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        configuration["Collection:StopGracePeriod"] = "01:00:00";
        // The monitor re-validates when the configuration changes: the reload itself reports it.
        var reload = Record.Exception(() => ((IConfigurationRoot)configuration).Reload());

        var invalid = Assert.IsType<OptionsValidationException>(reload?.GetBaseException());
        Assert.Contains("Collection:StopGracePeriod 应在 00:00:00 到 00:10:00 之间", invalid.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => monitor.CurrentValue);
    }

    [Theory]
    [InlineData("TimeZone: Collection:TimeZone 找不到这个时区。", "Collection:TimeZone", "找不到这个时区。")]
    [InlineData("Collection:Jobs:x 没有名为 x 的采集任务。", "Collection:Jobs:x", "没有名为 x 的采集任务。")]
    public void A_validation_failure_is_reported_by_its_key(string failure, string key, string problem)
    {
        var error = SettingsRegistration.Describe(failure);

        Assert.Equal(key, error.Key);
        Assert.Equal($"配置错误 {key}: {problem}", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_department_name_stops_the_app_naming_the_key(string name)
    {
        var builder = Builder(new() { ["Department:Name"] = name });

        var error = Assert.Throws<ConfigurationException>(() => builder.AddExports());

        Assert.Contains("Department:Name", error.Message, StringComparison.Ordinal);
    }
}
