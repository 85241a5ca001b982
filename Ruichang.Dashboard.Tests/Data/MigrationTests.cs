using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQLite migration: run scripts/add-migration.sh.");
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed since the last SQL Server migration: run scripts/add-migration.sh.");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public async Task Migrating_an_empty_SQLite_file_creates_the_schema_and_reference_data()
    {
        using var database = await new TestDatabase().MigrateAsync();
        await using var db = database.CreateContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(13, await db.Counties.CountAsync());
        Assert.Equal("瑞昌市", (await db.Counties.SingleAsync(c => c.IsHome)).Name);
        Assert.Equal(19, await db.Metrics.CountAsync());
    }

    [Fact]
    public async Task Seeding_reference_data_twice_adds_nothing()
    {
        using var database = await new TestDatabase().MigrateAsync();
        int Count() { using var db = database.CreateContext(); return db.Counties.Count() + db.Metrics.Count() + db.Channels.Count(); }
        var before = Count();

        await new ReferenceDataSeeder(database.Factory).SeedAsync(CancellationToken.None);

        Assert.Equal(before, Count());
    }

    [Fact]
    public void SqlServer_script_covers_every_table()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.Database.GenerateCreateScript();

        foreach (var table in new[] { "Counties", "Channels", "Metrics", "Observations", "Articles", "JobRuns", "AspNetUsers", "ApiTokens" })
        {
            Assert.Contains($"[{table}]", script, StringComparison.Ordinal);
        }

        Assert.Contains("WHERE [ChannelId] IS NULL", script, StringComparison.Ordinal);
    }
}
