using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ruichang.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DemoChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDemo",
                table: "Channels",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsDemo",
                table: "Channels");
        }
    }
}
