using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ruichang.Dashboard.Data;

/// <summary>
/// SQLite in write-ahead-log mode: dashboards read while collectors write, and a commit is an
/// append instead of a rewrite. WAL with <c>synchronous=NORMAL</c> never corrupts the file; a
/// power cut can only lose the last commits, which a collector's next run writes again.
/// The log is copied back into the database (a checkpoint, which syncs the disk twice) once it holds
/// <see cref="CheckpointPages"/> pages, not SQLite's default 1,000: a collection run commits small
/// transactions of a few channels each (a feed's stories touch some twenty pages of the table and its
/// indexes), and at 1,000 pages every fortieth channel's commit waited for a checkpoint.
/// Temporary data stays in memory (<c>temp_store=MEMORY</c>): a collection run stores each channel under a
/// savepoint, whose journal of the pages it changes SQLite otherwise writes to a temporary file once it passes
/// 64 KB (a feed's stories and their indexes do); on file, a feed run's writes took a quarter longer.
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    public static readonly SqliteConnectionTuning Instance = new();

    /// <summary>Switches the file to WAL (the mode is stored in the file, so once is enough).</summary>
    public const string EnableWal = "PRAGMA journal_mode=WAL;";

    /// <summary>Pages in the log that start a checkpoint: 32 MB.</summary>
    public const int CheckpointPages = 8192;

    /// <summary>What every connection is set to when it opens (the settings belong to the connection, not the file).</summary>
    public static readonly string ConnectionPragmas = $"PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint={CheckpointPages};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Tune(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Tune(connection);
        return Task.CompletedTask;
    }

    // The settings stay with SQLite's handle, which the connection pool hands to the next connection it
    // opens: each handle is set once, not on every open (a page's dozen queries each open one). Only the
    // SQLite factory adds this interceptor.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object?> Tuned = new();

    private static void Tune(DbConnection connection)
    {
        var handle = ((SqliteConnection)connection).Handle!;
        if (Tuned.TryGetValue(handle, out _))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
        }

        Tuned.TryAdd(handle, null);
    }
}
