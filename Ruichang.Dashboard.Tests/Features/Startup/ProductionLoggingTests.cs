using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ruichang.Dashboard.Tests.Features.Startup;

/// <summary>
/// The log levels the app's own appsettings.json gives in Production (the build copies it next to
/// the tests, where the app-process tests run it from too), read by the same builder the app uses.
/// </summary>
public sealed class ProductionLoggingTests
{
    [Theory]
    [InlineData("System.Net.Http.HttpClient.SourceHttpClient.LogicalHandler")]
    [InlineData("System.Net.Http.HttpClient.SourceHttpClient.ClientHandler")]
    [InlineData("Polly")]
    public void The_HTTP_clients_and_Pollys_per_request_lines_are_left_out_and_their_warnings_kept(string category)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        using var services = builder.Services.BuildServiceProvider();
        var loggers = services.GetRequiredService<ILoggerFactory>();

        var logger = loggers.CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information), $"{category} logs every request at Information");
        Assert.True(logger.IsEnabled(LogLevel.Warning), $"{category} hides its warnings (retries, an open circuit)");
        // The settings were read, and not everything was turned down: the app's own lines (one per source read) stay.
        Assert.True(loggers.CreateLogger("Ruichang.Dashboard.Features.CollectionJobs.CollectionRunner").IsEnabled(LogLevel.Information));
    }
}
