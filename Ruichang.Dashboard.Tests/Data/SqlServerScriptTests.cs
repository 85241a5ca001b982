using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Tests.Data;

/// <summary>
/// The idempotent deployment script a DBA runs (<c>scripts/sqlserver-script.sh</c>), generated
/// in-process by the same migrator call <c>dotnet ef migrations script --idempotent</c> makes, and
/// read by Microsoft's own T-SQL parser: no SQL Server is needed for either.
/// </summary>
public sealed class SqlServerScriptTests
{
    internal static string IdempotentScript()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    // The newest dialect the package knows; GO separates batches and is understood.
    private static IList<ParseError> Parse(string sql)
    {
        using var reader = new StringReader(sql);
        new TSql180Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        return errors;
    }

    private static string Describe(IEnumerable<ParseError> errors) => string.Join("\n", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));

    [Fact]
    public void The_idempotent_deployment_script_is_valid_T_SQL()
    {
        var script = IdempotentScript();

        var errors = Parse(script);

        Assert.True(errors.Count == 0, Describe(errors));
        Assert.Contains("\nGO\n", script.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // Idempotent: each migration is guarded by its row in the history table.
        Assert.Contains("IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]", script.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_script_runs_through_EXEC_is_valid_T_SQL_too()
    {
        // The parser reads EXEC(N'…') as a string; the statements inside (a trigger must begin a batch of its
        // own, so an idempotent script can only create one through EXEC) are parsed on their own.
        var executed = System.Text.RegularExpressions.Regex.Matches(IdempotentScript(), @"EXEC\(N'((?:[^']|'')*)'\)")
            .Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(executed, sql => sql.Contains("CREATE TRIGGER [Observations_Months]", StringComparison.Ordinal));
        foreach (var sql in executed)
        {
            var errors = Parse(sql);
            Assert.True(errors.Count == 0, sql + "\n" + Describe(errors));
        }
    }

    [Fact]
    public void The_parser_finds_what_is_broken_in_a_damaged_copy_of_the_script()
    {
        var script = IdempotentScript().ReplaceLineEndings("\n");
        var at = script.IndexOf("CREATE TABLE [Counties]", StringComparison.Ordinal);
        Assert.True(at >= 0, "the script creates the Counties table");
        var broken = script[..at] + "CREATE TABEL [Counties]" + script[(at + "CREATE TABLE [Counties]".Length)..];

        var errors = Parse(broken);

        Assert.NotEmpty(errors);
        Assert.Equal(script[..at].Count(c => c == '\n') + 1, errors[0].Line);
    }
}
