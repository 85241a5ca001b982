using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ruichang.Dashboard.Data;

/// <summary>
/// SQLite in write-ahead-log mode: dashboards read while collectors write, and a commit is an
/// append instead of a rewrite. WAL with <c>synchronous=NORMAL</c> never corrupts the file; a
/// power cut can only lose the last commits, which a collector's next run writes again.
/// </summary>
internal sealed class SqliteConnectionTuning : DbConnectionInterceptor
{
    public static readonly SqliteConnectionTuning Instance = new();

    /// <summary>Switches the file to WAL (the mode is stored in the file, so once is enough).</summary>
    public const string EnableWal = "PRAGMA journal_mode=WAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Tune(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Tune(connection);
        return Task.CompletedTask;
    }

    private static void Tune(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
