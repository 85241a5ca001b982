using Microsoft.EntityFrameworkCore;

namespace Ruichang.Dashboard.Data;

/// <summary>Work a feature needs done once the schema is current, before the app serves (reference data, the first admin, demo history).</summary>
public interface IStartupSeeder
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    Task SeedAsync(CancellationToken ct);
}

/// <summary>A database that could not be brought to the current schema; the app stops instead of serving.</summary>
public sealed class DatabaseInitializationException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Brings the database to the current migration and runs the seeders before anything else starts
/// (it runs in <see cref="IHostedLifecycleService.StartingAsync"/>, ahead of the scheduler and the
/// server). It only ever applies migrations: a database it cannot migrate is reported, never
/// dropped or recreated.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<DashboardDbContext> factory,
    DatabaseOptions options,
    IEnumerable<IStartupSeeder> seeders,
    ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        try
        {
            EnsureSqliteFolder();
            await using var db = await factory.CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.ApplyingMigrations(pending.Count, pending);
                await db.Database.MigrateAsync(ct);
            }

            if (options.Provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync(SqliteConnectionTuning.EnableWal, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DatabaseInitializationException(
                $"数据库无法迁移到当前版本（{options.Provider}）：{ex.Message}。数据库未被修改或重建；请检查 {DatabaseOptions.ConnectionStringKey} 和数据库文件。", ex);
        }
    }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await MigrateAsync(ct);
        foreach (var seeder in seeders.OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(ct);
        }
    }

    private void EnsureSqliteFolder()
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder) && file != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class DatabaseInitializerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    public static partial void ApplyingMigrations(this ILogger logger, int count, IReadOnlyList<string> migrations);
}

/// <summary>Inserts the reference rows of <see cref="ReferenceCatalog"/> that are missing.</summary>
public sealed class ReferenceDataSeeder(IDbContextFactory<DashboardDbContext> factory) : IStartupSeeder
{
    public int Order => 0;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);

        var countyCodes = await db.Counties.Select(c => c.Code).ToListAsync(ct);
        db.Counties.AddRange(ReferenceCatalog.Counties().Where(c => !countyCodes.Contains(c.Code)));

        var metricKeys = await db.Metrics.Select(m => m.Key).ToListAsync(ct);
        db.Metrics.AddRange(ReferenceCatalog.Metrics().Where(m => !metricKeys.Contains(m.Key)));
        await db.SaveChangesAsync(ct);

        var home = await db.Counties.SingleAsync(c => c.Code == ReferenceCatalog.HomeCountyCode, ct);
        var channels = await db.Channels.Where(c => c.CountyId == home.Id).Select(c => new { c.Kind, c.Name }).ToListAsync(ct);
        db.Channels.AddRange(ReferenceCatalog.HomeChannels(home.Id).Where(c => !channels.Any(x => x.Kind == c.Kind && x.Name == c.Name)));
        await db.SaveChangesAsync(ct);
    }
}
