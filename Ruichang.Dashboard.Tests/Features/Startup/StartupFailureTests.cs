using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Startup;

/// <summary>A wrong setting or a broken database stops the app with a message, and nothing is lost.</summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private Dictionary<string, string> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string> { ["ConnectionStrings__Dashboard"] = _database.ConnectionString };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task An_unknown_provider_stops_the_app_naming_the_key()
    {
        var result = await AppProcess.RunAsync(Settings(("Database__Provider", "Oracle")));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Database:Provider", result.Error, StringComparison.Ordinal);
        Assert.Contains("Oracle", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_time_zone_stops_the_app_naming_the_key()
    {
        var result = await AppProcess.RunAsync(Settings(("Collection__TimeZone", "Mars/Olympus")));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Collection:TimeZone", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_connection_string_stops_the_app_naming_the_key()
    {
        var result = await AppProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Dashboard"] = "Data Source=x.db;Flavour=strawberry" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConnectionStrings:Dashboard", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_cannot_be_migrated_is_reported_and_left_as_it_was()
    {
        var file = Path.Combine(_database.Folder, "dashboard.db");
        var garbage = "这不是一个 SQLite 数据库文件 -- not a database"u8.ToArray();
        await File.WriteAllBytesAsync(file, garbage);

        var result = await AppProcess.RunAsync(Settings());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("数据库无法迁移", result.Error, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task The_migrate_verb_brings_a_new_database_to_the_current_schema()
    {
        var result = await AppProcess.RunAsync(Settings(), "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("migrated:", result.LastLine, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.Equal(13, db.Counties.Count());
    }

    [Fact]
    public async Task An_unknown_verb_lists_the_verbs()
    {
        var result = await AppProcess.RunAsync(Settings(), "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("migrate", result.Error, StringComparison.Ordinal);
    }
}
