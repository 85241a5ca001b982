using System.Globalization;
using System.Security.Claims;
using System.Text;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Tests.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Benchmarks;

/// <summary>
/// A 10,000-row import (CSV and XLSX) against only reading the same file's rows with the same readers: what
/// checking every row and writing them in one transaction (with their audit entries) adds. Each pass imports
/// into a new migrated database (the audit trail cannot be emptied); the best of three after a warm-up counts.
/// </summary>
[Collection(BenchReport.Collection)]
[Trait("Category", BenchReport.Category)]
public sealed class ImportBenchmarks
{
    public const int Rows = 10_000;
    public const double Target = 2.0;
    public const double MaxSeconds = 3.0;
    private const int Passes = 4;

    private static readonly ClaimsPrincipal Staff = SignedInUser.Principal("bench", Roles.Staff);

    [Fact]
    public async Task Import_of_10000_rows_from_csv_and_xlsx()
    {
        var rows = LongForm();
        var csv = Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Select(r => string.Join(",", r)).Prepend("月份,区县代码,指标代码,数值")));
        var xlsx = XlsxFiles.Workbook(string.Concat(rows.Prepend(FigureImport.Header).Select((r, i) =>
            $"<row r=\"{i + 1}\">{string.Concat(r.Select((c, j) => $"<c r=\"{(char)('A' + j)}{i + 1}\" t=\"inlineStr\"><is><t>{c}</t></is></c>"))}</row>")));

        foreach (var (name, file, body) in new[] { ("import-10000-csv", "bench.csv", csv), ("import-10000-xlsx", "bench.xlsx", xlsx) })
        {
            var import = TimeSpan.MaxValue;
            var parse = TimeSpan.MaxValue;
            for (var pass = 0; pass < Passes; pass++)
            {
                using var database = await new TestDatabase().MigrateAsync();
                var importer = EntryTestServices.CreateImport(database, TimeProvider.System, new EntryOptions());
                var parsed = await BenchTiming.TimeAsync(() => Task.FromResult(importer.ReadGrid(file, body, CancellationToken.None)));
                ImportResult? result = null;
                var imported = await BenchTiming.TimeAsync(async () => result = await importer.ImportAsync(Staff, file, body, CancellationToken.None));
                Assert.Equal(Rows, result!.Written!.Inserted);
                if (pass > 0)
                {
                    import = imported < import ? imported : import;
                    parse = parsed < parse ? parsed : parse;
                }
            }

            await BenchReport.WriteAsync(new BenchFigure(name, import.TotalSeconds, "s", import / parse, Target, "reading the same file's rows", MaxValue: MaxSeconds));
        }
    }

    // Ten thousand different figures: every county and metric, month after month back from 2014.
    private static List<string[]> LongForm()
    {
        string[] counties = ["360402", "360403", "360404", "360423", "360424", "360425", "360426", "360428", "360429", "360430", "360481", "360482", "360483"];
        var metrics = ReferenceCatalog.Metrics().Where(m => m.Key != MetricKeys.WeiboBci).Select(m => m.Key).ToList();
        var rows = new List<string[]>();
        for (var month = Period.Month(2014, 12); rows.Count < Rows; month = month.Previous())
        {
            foreach (var county in counties)
            {
                foreach (var metric in metrics.TakeWhile(_ => rows.Count < Rows))
                {
                    rows.Add([month.ToString(), county, metric, (rows.Count % 900).ToString(CultureInfo.InvariantCulture)]);
                }
            }
        }

        return rows;
    }
}
