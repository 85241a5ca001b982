using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Data.Configurations;

internal sealed class CountyConfiguration : IEntityTypeConfiguration<County>
{
    public void Configure(EntityTypeBuilder<County> b)
    {
        b.Property(x => x.Code).HasMaxLength(12);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.ShortName).HasMaxLength(20);
        b.Property(x => x.Keywords).HasMaxLength(500);
        b.Ignore(x => x.KeywordList);
    }
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> b)
    {
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Platform).HasMaxLength(32);
        b.Property(x => x.ExternalId).HasMaxLength(200);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CountyId, x.Kind, x.Name }).IsUnique();
    }
}

internal sealed class MetricDefinitionConfiguration : IEntityTypeConfiguration<MetricDefinition>
{
    public void Configure(EntityTypeBuilder<MetricDefinition> b)
    {
        b.ToTable("Metrics");
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.NameEn).HasMaxLength(100);
        b.Property(x => x.Unit).HasMaxLength(20);
    }
}

internal sealed class ObservationConfiguration : IEntityTypeConfiguration<Observation>
{
    public void Configure(EntityTypeBuilder<Observation> b)
    {
        b.HasOne(x => x.Metric).WithMany().HasForeignKey(x => x.MetricId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Channel).WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.RecordedBy).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.CountyId, x.Granularity, x.PeriodStart });
        // Rankings and the dashboards read one metric over a span of periods for every county: a range of
        // this index holds all they read, so no row of the table is visited.
        b.HasIndex(x => new { x.MetricId, x.PeriodStart, x.CountyId, x.ChannelId, x.Granularity, x.Value });
        // The unique keys are in DashboardDbContext: their filters are provider SQL.
    }
}

internal sealed class ObservationMonthConfiguration : IEntityTypeConfiguration<ObservationMonth>
{
    public void Configure(EntityTypeBuilder<ObservationMonth> b)
    {
        // Derived rows without foreign keys: the triggers that keep them delete them with their readings.
        // For the triggers' lookups (every column) and the dashboards' reads (one metric over a span of months).
        b.HasIndex(x => new { x.MetricId, x.Month, x.CountyId, x.ChannelId, x.Granularity });
        // The unique keys are in DashboardDbContext, like the observations': their filters are provider SQL.
    }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.CanonicalUrl).HasMaxLength(450);
        b.Property(x => x.Title).HasMaxLength(500);
        b.HasOne(x => x.Channel).WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CountyId, x.CanonicalUrl }).IsUnique();
        b.HasIndex(x => x.PublishedAtUtc);
        // Placements are counted per channel and month.
        b.HasIndex(x => new { x.ChannelId, x.PublishedAtUtc });
    }
}

internal sealed class CommentatorConfiguration : IEntityTypeConfiguration<Commentator>
{
    public void Configure(EntityTypeBuilder<Commentator> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Unit).HasMaxLength(100);
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CountyId, x.Name });
    }
}

internal sealed class CommentatorAccountConfiguration : IEntityTypeConfiguration<CommentatorAccount>
{
    public void Configure(EntityTypeBuilder<CommentatorAccount> b)
    {
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.HasOne(x => x.Commentator).WithMany().HasForeignKey(x => x.CommentatorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ChannelId, x.ExternalId }).IsUnique();
    }
}

internal sealed class CommentatorTaskConfiguration : IEntityTypeConfiguration<CommentatorTask>
{
    public void Configure(EntityTypeBuilder<CommentatorTask> b)
    {
        b.Property(x => x.Task).HasMaxLength(200);
        b.HasOne(x => x.Commentator).WithMany().HasForeignKey(x => x.CommentatorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ChannelId, x.CommentatorId, x.Date, x.Task }).IsUnique();
        b.HasIndex(x => new { x.CommentatorId, x.Date });
    }
}

internal sealed class CommentatorActivityConfiguration : IEntityTypeConfiguration<CommentatorActivity>
{
    public void Configure(EntityTypeBuilder<CommentatorActivity> b)
    {
        b.HasOne(x => x.Commentator).WithMany(x => x.Activity).HasForeignKey(x => x.CommentatorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CommentatorId, x.Month }).IsUnique();
    }
}

internal sealed class ExternalRankingConfiguration : IEntityTypeConfiguration<ExternalRanking>
{
    public void Configure(EntityTypeBuilder<ExternalRanking> b)
    {
        b.Property(x => x.ListName).HasMaxLength(200);
        b.Property(x => x.Publisher).HasMaxLength(200);
        b.Property(x => x.PeriodLabel).HasMaxLength(50);
        b.HasMany(x => x.Entries).WithOne(x => x.Ranking).HasForeignKey(x => x.ExternalRankingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ListName, x.PeriodStart }).IsUnique();
    }
}

internal sealed class ExternalRankingEntryConfiguration : IEntityTypeConfiguration<ExternalRankingEntry>
{
    public void Configure(EntityTypeBuilder<ExternalRankingEntry> b)
    {
        b.Property(x => x.AccountName).HasMaxLength(200);
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> b)
    {
        b.HasOne(x => x.Metric).WithMany().HasForeignKey(x => x.MetricId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.MetricId, x.CountyId, x.Year }).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> b)
    {
        b.HasOne(x => x.County).WithMany().HasForeignKey(x => x.CountyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CountyId, x.Month }).IsUnique();
        b.Property(x => x.SubmittedBy).HasMaxLength(256);
        b.Property(x => x.ApprovedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.Property(x => x.EntityKey).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => x.AtUtc);
        b.HasIndex(x => new { x.PeriodStart, x.CountyId });
        b.HasIndex(x => new { x.UserName, x.AtUtc });
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.Property(x => x.JobKey).HasMaxLength(64);
        b.Property(x => x.Error).HasMaxLength(4000);
        b.Property(x => x.TriggeredBy).HasMaxLength(256);
        b.HasIndex(x => new { x.JobKey, x.StartedAtUtc });
        b.HasMany(x => x.Sources).WithOne(x => x.JobRun).HasForeignKey(x => x.JobRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobRunSourceConfiguration : IEntityTypeConfiguration<JobRunSource>
{
    public void Configure(EntityTypeBuilder<JobRunSource> b)
    {
        b.Property(x => x.SourceName).HasMaxLength(200);
        b.Property(x => x.Error).HasMaxLength(2000);
        b.Property(x => x.Note).HasMaxLength(2000);
        // A channel deleted later keeps its history rows, without the link.
        b.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.Role).HasMaxLength(32);
        b.HasIndex(x => x.TokenHash).IsUnique();
    }
}

internal sealed class DisplayKeyConfiguration : IEntityTypeConfiguration<DisplayKey>
{
    public void Configure(EntityTypeBuilder<DisplayKey> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.KeyHash).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(300);
        b.Property(x => x.RevokedBy).HasMaxLength(300);
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}

internal sealed class SharedChangeNoticeConfiguration : IEntityTypeConfiguration<SharedChangeNotice>
{
    public void Configure(EntityTypeBuilder<SharedChangeNotice> b)
    {
        b.Property(x => x.InstanceId).HasMaxLength(36);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.MetricKeys).HasMaxLength(4000);
        b.Property(x => x.CountyIds).HasMaxLength(4000);
        b.HasIndex(x => x.AtUtc);
    }
}
