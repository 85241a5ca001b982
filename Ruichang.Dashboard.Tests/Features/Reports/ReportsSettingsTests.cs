using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Reports;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Tests.Features.Reports;

/// <summary>The reports job's settings: its folder (<c>Reports:OutputFolder</c>) and its schedule (<c>Collection:Jobs:reports:Cron</c>).</summary>
public sealed class ReportsSettingsTests
{
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public void An_empty_output_folder_stops_the_app_naming_the_key()
    {
        var error = Assert.Throws<ConfigurationException>(() => Builder(new() { ["Reports:OutputFolder"] = " " }).AddReports());

        Assert.Contains("Reports:OutputFolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_output_folder_is_under_the_app_folder()
    {
        var builder = Builder(new() { ["Reports:OutputFolder"] = "out/summaries" });
        builder.AddReports();
        using var provider = builder.Services.BuildServiceProvider();

        Assert.Equal(Path.Combine(builder.Environment.ContentRootPath, "out", "summaries"), provider.GetRequiredService<ReportFiles>().Folder);
    }

    [Fact]
    public void The_reports_schedule_is_configured_like_a_collectors_and_checked_the_same_way()
    {
        var builder = Builder(new() { ["Collection:Enabled"] = "false", ["Collection:Jobs:reports:Cron"] = "0 30 7 2 * ?" });
        builder.AddCollection();
        using (var host = builder.Build())
        {
            Assert.Equal("0 30 7 2 * ?", host.Services.GetRequiredService<CollectionOptions>().CronFor(CollectionJobDefinitions.Find("reports")!));
        }

        var error = Assert.Throws<ConfigurationException>(() =>
            Builder(new() { ["Collection:Enabled"] = "false", ["Collection:Jobs:reports:Cron"] = "monthly" }).AddCollection());
        Assert.Contains("Collection:Jobs:reports:Cron", error.Message, StringComparison.Ordinal);
    }
}
