using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// A real SQLite file in a temporary folder, brought to the current schema by the app's own
/// migrations. Each instance is its own database; disposing deletes the folder.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("ruichang-test-").FullName;
        // Pooled, as in the app: closing the last connection of a WAL database checkpoints it, which
        // would make every transaction pay a sync that the app never pays.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "dashboard.db") }.ToString();
        Factory = DataFeature.CreateSqliteFactory(ConnectionString);
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    /// <summary>Pooled, as in the app.</summary>
    public IDbContextFactory<DashboardDbContext> Factory { get; }

    public DashboardDbContext CreateContext() => Factory.CreateDbContext();

    /// <summary>Applies the migrations and seeds the reference data, as the app does on start.</summary>
    public async Task<TestDatabase> MigrateAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync(SqliteConnectionTuning.EnableWal);
        await new ReferenceDataSeeder(Factory).SeedAsync(CancellationToken.None);
        return this;
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalising connection; the OS temp cleaner gets it.
        }
    }
}
