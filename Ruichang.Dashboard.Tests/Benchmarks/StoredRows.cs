using Microsoft.Data.Sqlite;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// The rows a feed run stored (its articles and their placement observations) as the database holds
/// them, and their bare insert: plain ADO.NET, one transaction, one prepared parameterised INSERT per
/// table reused for every row, on a connection tuned as the app tunes its own. The limit a collector's
/// store is measured against.
/// </summary>
internal sealed class StoredRows
{
    private static readonly string[] ArticleColumns =
        ["ChannelId", "CountyId", "Url", "CanonicalUrl", "Title", "PublishedAtUtc", "CollectedAtUtc", "IsUndated", "IsBacklog", "IsDemo"];

    private static readonly string[] ObservationColumns =
        ["MetricId", "CountyId", "ChannelId", "Granularity", "PeriodStart", "Value", "Source", "RecordedBy", "RecordedAtUtc", "IsDemo", "Version"];

    private StoredRows(List<object[]> articles, List<object[]> observations)
    {
        Articles = articles;
        Observations = observations;
    }

    public IReadOnlyList<object[]> Articles { get; }

    public IReadOnlyList<object[]> Observations { get; }

    public static async Task<StoredRows> ReadAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var articles = await ReadAsync(connection, $"SELECT {Columns(ArticleColumns)} FROM \"Articles\" ORDER BY \"Id\"");
        var observations = await ReadAsync(connection,
            $"SELECT {Columns(ObservationColumns, "o.")} FROM \"Observations\" AS o JOIN \"Metrics\" AS m ON m.\"Id\" = o.\"MetricId\" WHERE m.\"Key\" = '{MetricKeys.ArticlePlacements}' ORDER BY o.\"Id\"");
        return new StoredRows(articles, observations);
    }

    /// <summary>
    /// Deletes what a feed run stores (articles, placement counts, the runs) and checkpoints the log, so
    /// that the next pass stores into the same empty tables as the first.
    /// </summary>
    public static async Task ClearAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            DELETE FROM "Articles";
            DELETE FROM "Observations" WHERE "MetricId" IN (SELECT "Id" FROM "Metrics" WHERE "Key" = '{MetricKeys.ArticlePlacements}');
            DELETE FROM "JobRunSources";
            DELETE FROM "JobRuns";
            UPDATE "Channels" SET "LastSuccessAtUtc" = NULL, "LastAttemptAtUtc" = NULL, "LastError" = NULL;
            PRAGMA wal_checkpoint(TRUNCATE);
            """;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountArticlesAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"Articles\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Inserts the rows into <paramref name="database"/> in one transaction.</summary>
    public async Task InsertBareAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var tune = connection.CreateCommand())
        {
            tune.CommandText = SqliteConnectionTuning.ConnectionPragmas;
            await tune.ExecuteNonQueryAsync();
        }

        await using var transaction = connection.BeginTransaction();
        await InsertAsync(connection, transaction, "Articles", ArticleColumns, Articles);
        await InsertAsync(connection, transaction, "Observations", ObservationColumns, Observations);
        await transaction.CommitAsync();
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns, IReadOnlyList<object[]> rows)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({Columns(columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i })).ToArray();
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i];
            }

            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<object[]>> ReadAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static string Columns(string[] columns, string prefix = "") => string.Join(", ", columns.Select(c => $"{prefix}\"{c}\""));
}
