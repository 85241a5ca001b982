using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Data;

/// <summary>The app's SQLite connections, as its context factory opens them: tuned, and still tuned when the pool hands a handle out again.</summary>
public sealed class SqliteConnectionTuningTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Every_connection_runs_with_normal_sync_the_larger_checkpoint_and_temporary_data_in_memory_also_when_the_pool_opens_it_again()
    {
        await _database.MigrateAsync();
        var handles = new List<object>();
        for (var open = 0; open < 3; open++)
        {
            await using var db = _database.CreateContext();
            await db.Database.OpenConnectionAsync();
            handles.Add(((SqliteConnection)db.Database.GetDbConnection()).Handle!);
            Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL; SQLite's default is FULL (2)
            Assert.Equal((long)SqliteConnectionTuning.CheckpointPages, await PragmaAsync(db, "wal_autocheckpoint"));
            Assert.Equal(2L, await PragmaAsync(db, "temp_store")); // MEMORY; SQLite's default is 0, as compiled (a file here)
            Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        }

        // The pool handed the same handle out again: what is checked above held on a reused handle too.
        Assert.Single(handles.Distinct());

        // A handle of its own (the pool cleared) is tuned as well.
        SqliteConnection.ClearAllPools();
        await using var fresh = _database.CreateContext();
        await fresh.Database.OpenConnectionAsync();
        Assert.DoesNotContain(((SqliteConnection)fresh.Database.GetDbConnection()).Handle!, handles);
        Assert.Equal(1L, await PragmaAsync(fresh, "synchronous"));
    }

    // On the context's own open connection: what its queries run with.
    private static async Task<object?> PragmaAsync(DashboardDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return await command.ExecuteScalarAsync();
    }
}
