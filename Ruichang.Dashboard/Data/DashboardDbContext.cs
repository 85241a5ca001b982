using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Data;

/// <summary>
/// The model, shared by both providers. Each provider has its own subclass
/// (<see cref="SqliteDashboardDbContext"/>, <see cref="SqlServerDashboardDbContext"/>) so that each
/// keeps its own migrations; the rest of the app only sees this type.
/// </summary>
public abstract class DashboardDbContext(DbContextOptions options) : IdentityDbContext<DashboardUser>(options)
{
    public DbSet<County> Counties => Set<County>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<MetricDefinition> Metrics => Set<MetricDefinition>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<ObservationMonth> ObservationMonths => Set<ObservationMonth>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Commentator> Commentators => Set<Commentator>();
    public DbSet<CommentatorAccount> CommentatorAccounts => Set<CommentatorAccount>();
    public DbSet<CommentatorTask> CommentatorTasks => Set<CommentatorTask>();
    public DbSet<CommentatorActivity> CommentatorActivity => Set<CommentatorActivity>();
    public DbSet<ExternalRanking> ExternalRankings => Set<ExternalRanking>();
    public DbSet<ExternalRankingEntry> ExternalRankingEntries => Set<ExternalRankingEntry>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<JobRunSource> JobRunSources => Set<JobRunSource>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DisplayKey> DisplayKeys => Set<DisplayKey>();
    public DbSet<SharedChangeNotice> SharedChangeNotices => Set<SharedChangeNotice>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly, t => t.Namespace == typeof(DashboardDbContext).Namespace + ".Configurations");

        // The unique key of an observation includes a nullable channel. NULLs are distinct in a
        // unique index, so a county-level figure (no channel) gets its own filtered index.
        builder.Entity<Observation>(o =>
        {
            o.HasIndex(x => new { x.MetricId, x.CountyId, x.ChannelId, x.Granularity, x.PeriodStart })
                .IsUnique()
                .HasDatabaseName("UX_Observations_Key_Channel")
                .HasFilter(NotNullFilter(nameof(Observation.ChannelId)));
            o.HasIndex(x => new { x.MetricId, x.CountyId, x.Granularity, x.PeriodStart })
                .IsUnique()
                .HasDatabaseName("UX_Observations_Key_County")
                .HasFilter(NullFilter(nameof(Observation.ChannelId)));

            // The triggers that keep ObservationMonths: EF must not read back what it writes with SQLite's
            // RETURNING or SQL Server's OUTPUT, which neither allows on a table with triggers.
            o.ToTable(t =>
            {
                foreach (var trigger in ObservationTriggers)
                {
                    t.HasTrigger(trigger);
                }

                t.UseSqlReturningClause(false);
            });
        });
        // Append-only: the provider's triggers (migration AuditTrail) refuse any update or delete.
        builder.Entity<AuditEntry>(a => a.ToTable(t =>
        {
            foreach (var trigger in AuditTriggers)
            {
                t.HasTrigger(trigger);
            }

            t.UseSqlReturningClause(false);
        }));
        builder.Entity<ObservationMonth>(m =>
        {
            m.HasIndex(x => new { x.MetricId, x.CountyId, x.ChannelId, x.Granularity, x.Month })
                .IsUnique()
                .HasDatabaseName("UX_ObservationMonths_Key_Channel")
                .HasFilter(NotNullFilter(nameof(ObservationMonth.ChannelId)));
            m.HasIndex(x => new { x.MetricId, x.CountyId, x.Granularity, x.Month })
                .IsUnique()
                .HasDatabaseName("UX_ObservationMonths_Key_County")
                .HasFilter(NullFilter(nameof(ObservationMonth.ChannelId)));
        });
    }

    /// <summary>The provider's triggers on Observations that keep ObservationMonths (created by the migration of that name).</summary>
    protected abstract IReadOnlyList<string> ObservationTriggers { get; }

    /// <summary>The provider's triggers that refuse to update or delete an audit entry (created by the migration AuditTrail).</summary>
    protected abstract IReadOnlyList<string> AuditTriggers { get; }

    /// <summary>The provider's SQL for "column IS NULL" in an index filter.</summary>
    protected abstract string NullFilter(string column);

    protected abstract string NotNullFilter(string column);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // SQLite has no rowversion, so the concurrency token is kept by the application: every update
    // increments it, and EF checks the original value in the UPDATE's WHERE clause.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }
}

public sealed class SqliteDashboardDbContext(DbContextOptions<SqliteDashboardDbContext> options) : DashboardDbContext(options)
{
    protected override IReadOnlyList<string> ObservationTriggers { get; } = ["Observations_Months_Insert", "Observations_Months_Update", "Observations_Months_Delete"];

    protected override IReadOnlyList<string> AuditTriggers { get; } = ["AuditEntries_NoUpdate", "AuditEntries_NoDelete"];

    protected override string NullFilter(string column) => $"\"{column}\" IS NULL";

    protected override string NotNullFilter(string column) => $"\"{column}\" IS NOT NULL";
}

public sealed class SqlServerDashboardDbContext(DbContextOptions<SqlServerDashboardDbContext> options) : DashboardDbContext(options)
{
    protected override IReadOnlyList<string> ObservationTriggers { get; } = ["Observations_Months"];

    protected override IReadOnlyList<string> AuditTriggers { get; } = ["AuditEntries_AppendOnly"];

    protected override string NullFilter(string column) => $"[{column}] IS NULL";

    protected override string NotNullFilter(string column) => $"[{column}] IS NOT NULL";
}
