using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ruichang.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SharedChangeNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SharedChangeNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    InstanceId = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    MetricKeys = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    CountyIds = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SharedChangeNotices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SharedChangeNotices_AtUtc",
                table: "SharedChangeNotices",
                column: "AtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SharedChangeNotices");
        }
    }
}
