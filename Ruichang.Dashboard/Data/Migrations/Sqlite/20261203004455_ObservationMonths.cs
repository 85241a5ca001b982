using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ruichang.Dashboard.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MetricId = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyId = table.Column<int>(type: "INTEGER", nullable: false),
                    ChannelId = table.Column<int>(type: "INTEGER", nullable: true),
                    Granularity = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Total = table.Column<double>(type: "REAL", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LastValue = table.Column<double>(type: "REAL", nullable: false)
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
                filter: "\"ChannelId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_ObservationMonths_Key_County",
                table: "ObservationMonths",
                columns: new[] { "MetricId", "CountyId", "Granularity", "Month" },
                unique: true,
                filter: "\"ChannelId\" IS NULL");

            // The readings of each source, granularity and month, taken together. A new reading adds to its
            // month; a changed or deleted one has its month counted again from what is left (at most 31 rows,
            // found through the observations' keys). "ChannelId" IS ... matches a county-level source's NULL.
            // SQLite gives a bare column beside MAX() the value of the row holding the maximum: the last one's.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Observations_Months_Insert" AFTER INSERT ON "Observations"
                BEGIN
                    INSERT INTO "ObservationMonths" ("MetricId", "CountyId", "ChannelId", "Granularity", "Month", "Total", "Count", "Last", "LastValue")
                    SELECT NEW."MetricId", NEW."CountyId", NEW."ChannelId", NEW."Granularity", substr(NEW."PeriodStart", 1, 7) || '-01', 0, 0, NEW."PeriodStart", NEW."Value"
                    WHERE NOT EXISTS (SELECT 1 FROM "ObservationMonths" WHERE "MetricId" = NEW."MetricId" AND "CountyId" = NEW."CountyId" AND "ChannelId" IS NEW."ChannelId" AND "Granularity" = NEW."Granularity" AND "Month" = substr(NEW."PeriodStart", 1, 7) || '-01');
                    UPDATE "ObservationMonths"
                    SET "Total" = "Total" + NEW."Value", "Count" = "Count" + 1,
                        "LastValue" = CASE WHEN NEW."PeriodStart" >= "Last" THEN NEW."Value" ELSE "LastValue" END,
                        "Last" = max("Last", NEW."PeriodStart")
                    WHERE "MetricId" = NEW."MetricId" AND "CountyId" = NEW."CountyId" AND "ChannelId" IS NEW."ChannelId" AND "Granularity" = NEW."Granularity" AND "Month" = substr(NEW."PeriodStart", 1, 7) || '-01';
                END;
                """);
            // An update counts the row's month before it, and its month after it only when that is another one:
            // a value changed in place (a collector's usual update) is counted once.
            migrationBuilder.Sql(RecountTrigger(
                "Observations_Months_Update",
                "UPDATE OF \"MetricId\", \"CountyId\", \"ChannelId\", \"Granularity\", \"PeriodStart\", \"Value\"",
                Recount("OLD") + Recount("NEW", """
                    NOT (NEW."MetricId" = OLD."MetricId" AND NEW."CountyId" = OLD."CountyId" AND NEW."ChannelId" IS OLD."ChannelId"
                         AND NEW."Granularity" = OLD."Granularity" AND substr(NEW."PeriodStart", 1, 7) = substr(OLD."PeriodStart", 1, 7))
                    """)));
            migrationBuilder.Sql(RecountTrigger("Observations_Months_Delete", "DELETE", Recount("OLD")));
            migrationBuilder.Sql("""
                INSERT INTO "ObservationMonths" ("MetricId", "CountyId", "ChannelId", "Granularity", "Month", "Total", "Count", "Last", "LastValue")
                SELECT "MetricId", "CountyId", "ChannelId", "Granularity", substr("PeriodStart", 1, 7) || '-01', SUM("Value"), COUNT(*), MAX("PeriodStart"), "Value"
                FROM "Observations"
                GROUP BY "MetricId", "CountyId", "ChannelId", "Granularity", substr("PeriodStart", 1, 7);
                """);
        }

        private static string RecountTrigger(string name, string operation, string recounts) => $"""
            CREATE TRIGGER "{name}" AFTER {operation} ON "Observations"
            BEGIN
            {recounts}
            END;
            """;

        // Counts again the month of the row version named (OLD or NEW), when the condition holds; grouped by a
        // column that is one value here, so a month left with no readings gets no row.
        private static string Recount(string row, string condition = "1") => $"""
                DELETE FROM "ObservationMonths"
                WHERE "MetricId" = {row}."MetricId" AND "CountyId" = {row}."CountyId" AND "ChannelId" IS {row}."ChannelId"
                  AND "Granularity" = {row}."Granularity" AND "Month" = substr({row}."PeriodStart", 1, 7) || '-01' AND {condition};
                INSERT INTO "ObservationMonths" ("MetricId", "CountyId", "ChannelId", "Granularity", "Month", "Total", "Count", "Last", "LastValue")
                SELECT {row}."MetricId", {row}."CountyId", {row}."ChannelId", {row}."Granularity", substr({row}."PeriodStart", 1, 7) || '-01',
                       SUM("Value"), COUNT(*), MAX("PeriodStart"), "Value"
                FROM "Observations"
                WHERE "MetricId" = {row}."MetricId" AND "CountyId" = {row}."CountyId" AND "ChannelId" IS {row}."ChannelId"
                  AND "Granularity" = {row}."Granularity" AND "PeriodStart" >= substr({row}."PeriodStart", 1, 7) || '-01'
                  AND "PeriodStart" < date(substr({row}."PeriodStart", 1, 7) || '-01', '+1 month') AND {condition}
                GROUP BY "MetricId";

            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Observations_Months_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "Observations_Months_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "Observations_Months_Delete";""");
            migrationBuilder.DropTable(
                name: "ObservationMonths");
        }
    }
}
