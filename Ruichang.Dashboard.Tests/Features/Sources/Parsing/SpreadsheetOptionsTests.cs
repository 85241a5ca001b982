using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Ruichang.Dashboard.Features.Settings;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Tests.Features.Sources.Parsing;

/// <summary><c>Spreadsheets:*</c> is checked when the app starts; a wrong value stops it naming the key.</summary>
public sealed class SpreadsheetOptionsTests
{
    [Theory]
    [InlineData("MaxRows", "0", "Spreadsheets:MaxRows: 应在 1 到 1048576")]
    [InlineData("MaxColumns", "16385", "Spreadsheets:MaxColumns: 应在 1 到 16384")]
    [InlineData("MaxZipEntries", "0", "Spreadsheets:MaxZipEntries: 应在 1 到 10000")]
    [InlineData("MaxUncompressedBytes", "1024", "Spreadsheets:MaxUncompressedBytes: 应在 1048576")]
    public void A_value_out_of_range_stops_the_start_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Build(new() { [$"Spreadsheets:{key}"] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_start()
    {
        using var host = Build([]);

        await host.StartAsync();
        await host.StopAsync();
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSources();
        return builder.Build();
    }
}
