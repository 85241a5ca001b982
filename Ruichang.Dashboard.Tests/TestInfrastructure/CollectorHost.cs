using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Channels;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Features.Sources.Http;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// The app's channel and collection services (real HTTP client and pipeline, real SQLite database) without the
/// web app, for adapter and job tests. Loopback is allowed by listing 127.0.0.1 in
/// <c>Sources:AllowedHosts</c>, as an operator would; retries and timeouts are short so that fault
/// tests finish quickly. Pass settings to change any of it.
/// </summary>
public sealed class CollectorHost : IAsyncDisposable
{
    private readonly bool _ownsDatabase;

    private CollectorHost(IHost host, TestDatabase database, bool ownsDatabase, FakeTimeProvider? time)
    {
        Host = host;
        Database = database;
        _ownsDatabase = ownsDatabase;
        Time = time;
    }

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public TestDatabase Database { get; }

    /// <summary>The clock, when the test asked for a fake one.</summary>
    public FakeTimeProvider? Time { get; }

    public SourceHttpClient Http => Services.GetRequiredService<SourceHttpClient>();

    public static readonly IReadOnlyDictionary<string, string?> FastFaults = new Dictionary<string, string?>
    {
        ["Sources:AllowedHosts:0"] = "127.0.0.1",
        ["Sources:Http:AttemptTimeout"] = "00:00:02",
        ["Sources:Http:TotalTimeout"] = "00:00:08",
        ["Sources:Http:RetryDelay"] = "00:00:00.050",
        ["Sources:Http:MaxRetryAfter"] = "00:00:03",
        ["Sources:Http:MaxResponseBytes"] = "1048576",
        ["Collection:Enabled"] = "false",
    };

    /// <summary>
    /// Starts the services on a new migrated database, deleted on dispose, or on
    /// <paramref name="database"/> (the caller's, e.g. for a second start), with
    /// <see cref="FastFaults"/> overlaid by <paramref name="settings"/>; <paramref name="logging"/> adds to the logging set-up.
    /// </summary>
    public static async Task<CollectorHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? database = null, FakeTimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var ownsDatabase = database is null;
        database ??= await new TestDatabase().MigrateAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var config = new Dictionary<string, string?>(FastFaults) { [DatabaseOptions.ConnectionStringKey] = database.ConnectionString };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        // Test output shows failures, not every request the collectors make.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        if (time is not null)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
        }

        builder.AddData();
        builder.AddSources();
        builder.AddChannels();
        builder.AddCollection();
        var host = builder.Build();
        await host.StartAsync();
        return new CollectorHost(host, database, ownsDatabase, time);
    }

    /// <summary>What an adapter gets besides its channel: every county and metric, and the county clock.</summary>
    public SourceContext Context()
    {
        using var db = Database.CreateContext();
        return new SourceContext([.. db.Counties.OrderBy(c => c.DisplayOrder)], [.. db.Metrics], Services.GetRequiredService<CountyClock>());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }
}
