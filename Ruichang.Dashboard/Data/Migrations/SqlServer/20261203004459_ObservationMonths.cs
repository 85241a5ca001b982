using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ruichang.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ObservationMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ObservationMonths",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MetricId = table.Column<int>(type: "int", nullable: false),
                    CountyId = table.Column<int>(type: "int", nullable: false),
                    ChannelId = table.Column<int>(type: "int", nullable: true),
                    Granularity = table.Column<int>(type: "int", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Total = table.Column<double>(type: "float", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false),
                    Last = table.Column<DateOnly>(type: "date", nullable: false),
                    LastValue = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObservationMonths", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ObservationMonths_MetricId_Month_CountyId_ChannelId_Granularity",
                table: "ObservationMonths",
                columns: new[] { "MetricId", "Month", "CountyId", "ChannelId", "Granularity" });

            migrationBuilder.CreateIndex(
                name: "UX_ObservationMonths_Key_Channel",
                table: "ObservationMonths",
                columns: new[] { "MetricId", "CountyId", "ChannelId", "Granularity", "Month" },
                unique: true,
                filter: "[ChannelId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_ObservationMonths_Key_County",
                table: "ObservationMonths",
                columns: new[] { "MetricId", "CountyId", "Granularity", "Month" },
                unique: true,
                filter: "[ChannelId] IS NULL");

            // The readings of each source, granularity and month, taken together: after any statement that
            // writes observations, each month it touched is counted again from its readings (at most 31 per
            // source, found through the observations' keys). EXISTS (… INTERSECT …) matches a NULL channel too.
            // Through EXEC: CREATE TRIGGER must begin a batch, and the idempotent script puts each step in an IF.
            migrationBuilder.Sql("""
                EXEC(N'CREATE TRIGGER [Observations_Months] ON [Observations] AFTER INSERT, UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    DECLARE @touched TABLE ([MetricId] int NOT NULL, [CountyId] int NOT NULL, [ChannelId] int NULL, [Granularity] int NOT NULL, [Month] date NOT NULL);
                    INSERT INTO @touched ([MetricId], [CountyId], [ChannelId], [Granularity], [Month])
                    SELECT [MetricId], [CountyId], [ChannelId], [Granularity], DATEFROMPARTS(YEAR([PeriodStart]), MONTH([PeriodStart]), 1) FROM inserted
                    UNION
                    SELECT [MetricId], [CountyId], [ChannelId], [Granularity], DATEFROMPARTS(YEAR([PeriodStart]), MONTH([PeriodStart]), 1) FROM deleted;
                    IF @@ROWCOUNT = 0 RETURN;

                    DELETE m FROM [ObservationMonths] AS m
                    INNER JOIN @touched AS t ON m.[MetricId] = t.[MetricId] AND m.[CountyId] = t.[CountyId] AND m.[Granularity] = t.[Granularity]
                        AND m.[Month] = t.[Month] AND EXISTS (SELECT m.[ChannelId] INTERSECT SELECT t.[ChannelId]);

                    INSERT INTO [ObservationMonths] ([MetricId], [CountyId], [ChannelId], [Granularity], [Month], [Total], [Count], [Last], [LastValue])
                    SELECT t.[MetricId], t.[CountyId], t.[ChannelId], t.[Granularity], t.[Month], s.[Total], s.[Count], s.[Last], l.[Value]
                    FROM @touched AS t
                    CROSS APPLY (
                        SELECT SUM(o.[Value]) AS [Total], COUNT(*) AS [Count], MAX(o.[PeriodStart]) AS [Last]
                        FROM [Observations] AS o
                        WHERE o.[MetricId] = t.[MetricId] AND o.[CountyId] = t.[CountyId] AND EXISTS (SELECT o.[ChannelId] INTERSECT SELECT t.[ChannelId]) AND o.[Granularity] = t.[Granularity]
                            AND o.[PeriodStart] >= t.[Month] AND o.[PeriodStart] < DATEADD(month, 1, t.[Month])) AS s
                    CROSS APPLY (
                        SELECT TOP (1) o.[Value]
                        FROM [Observations] AS o
                        WHERE o.[MetricId] = t.[MetricId] AND o.[CountyId] = t.[CountyId] AND EXISTS (SELECT o.[ChannelId] INTERSECT SELECT t.[ChannelId]) AND o.[Granularity] = t.[Granularity] AND o.[PeriodStart] = s.[Last]) AS l
                    WHERE s.[Count] > 0;
                END;');
                """);
            migrationBuilder.Sql("""
                INSERT INTO [ObservationMonths] ([MetricId], [CountyId], [ChannelId], [Granularity], [Month], [Total], [Count], [Last], [LastValue])
                SELECT t.[MetricId], t.[CountyId], t.[ChannelId], t.[Granularity], t.[Month], t.[Total], t.[Count], t.[Last], o.[Value]
                FROM (
                    SELECT [MetricId], [CountyId], [ChannelId], [Granularity], DATEFROMPARTS(YEAR([PeriodStart]), MONTH([PeriodStart]), 1) AS [Month],
                           SUM([Value]) AS [Total], COUNT(*) AS [Count], MAX([PeriodStart]) AS [Last]
                    FROM [Observations]
                    GROUP BY [MetricId], [CountyId], [ChannelId], [Granularity], DATEFROMPARTS(YEAR([PeriodStart]), MONTH([PeriodStart]), 1)) AS t
                INNER JOIN [Observations] AS o ON o.[MetricId] = t.[MetricId] AND o.[CountyId] = t.[CountyId] AND EXISTS (SELECT o.[ChannelId] INTERSECT SELECT t.[ChannelId]) AND o.[Granularity] = t.[Granularity] AND o.[PeriodStart] = t.[Last];
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER [Observations_Months];");
            migrationBuilder.DropTable(
                name: "ObservationMonths");
        }
    }
}
