using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Tests.TestInfrastructure;
using Testcontainers.MsSql;

namespace Ruichang.Dashboard.Tests.Data;

/// <summary>
/// One SQL Server in Docker for the tests of <see cref="SqlServerDataTests"/>; each test makes its own
/// database on it. Without a Docker engine those tests are skipped and this starts nothing.
/// </summary>
public sealed class SqlServerContainer : IAsyncLifetime
{
    // The image the Testcontainers documentation names; pinned, so a run next year tests the same server.
    private const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private MsSqlContainer? _container;

    public async Task InitializeAsync()
    {
        if (DockerEngine.Answers)
        {
            _container = new MsSqlBuilder(Image).Build();
            await _container.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A factory of contexts on a new database, which does not exist until it is migrated.</summary>
    public IDbContextFactory<DashboardDbContext> NewDatabase()
    {
        var server = _container ?? throw new InvalidOperationException("No SQL Server: the test should have been skipped (DockerFact).");
        var connectionString = new SqlConnectionStringBuilder(server.GetConnectionString()) { InitialCatalog = $"ruichang_{Guid.NewGuid():N}" }.ConnectionString;
        return DataFeature.CreateSqlServerFactory(connectionString);
    }
}

/// <summary>The data path on a real SQL Server (where Docker runs): the migrations, the upsert, a series read back.</summary>
public sealed class SqlServerDataTests(SqlServerContainer server) : IClassFixture<SqlServerContainer>
{
    private static readonly WriteProvenance Collector = new(ObservationSource.Collector, "weibo");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private async Task<IDbContextFactory<DashboardDbContext>> MigratedAsync()
    {
        var factory = server.NewDatabase();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        await new ReferenceDataSeeder(factory).SeedAsync(CancellationToken.None);
        return factory;
    }

    private async Task<UpsertResult> WriteAsync(IDbContextFactory<DashboardDbContext> factory, params ObservationWrite[] writes)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await new ObservationWriter(_time).UpsertAsync(db, writes, Collector, CancellationToken.None);
    }

    [DockerFact]
    public async Task The_real_migrations_build_a_fresh_database_and_the_reference_data_seeds_once()
    {
        var factory = await MigratedAsync();
        await new ReferenceDataSeeder(factory).SeedAsync(CancellationToken.None);

        await using var db = await factory.CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(13, await db.Counties.CountAsync());
        Assert.Equal(19, await db.Metrics.CountAsync());
        Assert.Equal("瑞昌市", (await db.Counties.SingleAsync(c => c.IsHome)).Name);
    }

    [DockerFact]
    public async Task Upserting_the_same_observations_twice_doubles_nothing_even_without_a_channel()
    {
        var factory = await MigratedAsync();
        int metric, county, channel;
        await using (var db = await factory.CreateDbContextAsync())
        {
            metric = (await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers)).Id;
            county = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            channel = (await db.Channels.FirstAsync(c => c.Kind == ChannelKinds.Weibo)).Id;
        }

        ObservationWrite[] writes =
        [
            new(metric, county, channel, Period.Month(2014, 9), 30_125),
            new(metric, county, null, Period.Month(2014, 9), 31_000),
            new(metric, county, channel, Period.Day(new DateOnly(2014, 9, 30)), 30_125),
        ];

        var first = await WriteAsync(factory, writes);
        _time.Advance(TimeSpan.FromHours(1));
        var second = await WriteAsync(factory, writes);
        var changed = await WriteAsync(factory, writes[0] with { Value = 30_200 });

        Assert.Equal(new UpsertResult(3, 0, 0), first);
        Assert.Equal(new UpsertResult(0, 0, 3), second);
        Assert.Equal(new UpsertResult(0, 1, 0), changed);
        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(3, await check.Observations.CountAsync());
        Assert.Equal(30_200, (await check.Observations.SingleAsync(o => o.ChannelId == channel && o.Granularity == PeriodGranularity.Month)).Value);
        // The database itself refuses a second county-level row: the filtered unique index exists on SQL Server too.
        check.Observations.Add(new Observation
        {
            MetricId = metric, CountyId = county, ChannelId = null, Granularity = PeriodGranularity.Month,
            PeriodStart = new DateOnly(2014, 9, 1), Value = 1, Source = ObservationSource.Manual,
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => check.SaveChangesAsync());
    }

    [DockerFact]
    public async Task The_month_rows_follow_every_write_of_the_readings() => await ObservationMonthsScenario.RunAsync(await MigratedAsync());

    [DockerFact]
    public async Task A_county_series_reads_back_summed_over_its_accounts()
    {
        var factory = await MigratedAsync();
        MetricDefinition followers;
        int county;
        int[] accounts;
        await using (var db = await factory.CreateDbContextAsync())
        {
            followers = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboFollowers);
            county = (await db.Counties.SingleAsync(c => c.IsHome)).Id;
            accounts = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo && c.CountyId == county).OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToArrayAsync();
        }

        Assert.Equal(2, accounts.Length);
        await WriteAsync(
            factory,
            new(followers.Id, county, accounts[0], Period.Month(2014, 8), 28_000),
            new(followers.Id, county, accounts[0], Period.Month(2014, 9), 30_125),
            new(followers.Id, county, accounts[1], Period.Month(2014, 9), 1_500),
            new(followers.Id, county, accounts[1], Period.Month(2014, 10), 1_650));

        var series = await new ObservationQueries(factory).GetSeriesAsync(followers, county, Period.Month(2014, 7), Period.Month(2014, 10), channelId: null, FigureView.All, CancellationToken.None);

        // A gauge: each account's reading of the month, summed; July has none and is left out.
        Assert.Equal(
            [new PeriodValue(Period.Month(2014, 8), 28_000), new PeriodValue(Period.Month(2014, 9), 31_625), new PeriodValue(Period.Month(2014, 10), 1_650)],
            series);
    }

    [DockerFact]
    public async Task The_idempotent_deployment_script_runs_on_an_empty_database_and_again_on_the_result()
    {
        var factory = server.NewDatabase();
        string connectionString;
        await using (var db = await factory.CreateDbContextAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        // An empty database, as a DBA creates it before running the script.

        var master = new SqlConnectionStringBuilder(connectionString) { InitialCatalog = "master" }.ConnectionString;
        var name = new SqlConnectionStringBuilder(connectionString).InitialCatalog;
        await using (var connection = new SqlConnection(master))
        {
            await connection.OpenAsync();
            await using var create = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await create.ExecuteNonQueryAsync();
        }

        var batches = SqlServerScriptTests.IdempotentScript().ReplaceLineEndings("\n").Split("\nGO\n", StringSplitOptions.RemoveEmptyEntries);
        for (var run = 0; run < 2; run++)
        {
            await using var connection = new SqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var batch in batches.Where(b => !string.IsNullOrWhiteSpace(b)))
            {
                await using var command = new SqlCommand(batch, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var check = await factory.CreateDbContextAsync();
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await check.Observations.CountAsync());
    }
}
