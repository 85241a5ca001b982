using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ruichang.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ObservationsByMetricAndPeriod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Observations_MetricId_PeriodStart_CountyId_ChannelId_Granularity_Value",
                table: "Observations",
                columns: new[] { "MetricId", "PeriodStart", "CountyId", "ChannelId", "Granularity", "Value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Observations_MetricId_PeriodStart_CountyId_ChannelId_Granularity_Value",
                table: "Observations");
        }
    }
}
