using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ruichang.Dashboard.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StoredItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_ChannelId",
                table: "Articles");

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "JobRunSources",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsBacklog",
                table: "Articles",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "IsUndated",
                table: "Articles",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CommentatorAccounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommentatorId = table.Column<int>(type: "int", nullable: false),
                    ChannelId = table.Column<int>(type: "int", nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentatorAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommentatorAccounts_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CommentatorAccounts_Commentators_CommentatorId",
                        column: x => x.CommentatorId,
                        principalTable: "Commentators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommentatorTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CommentatorId = table.Column<int>(type: "int", nullable: false),
                    ChannelId = table.Column<int>(type: "int", nullable: false),
                    Task = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Reposts = table.Column<int>(type: "int", nullable: false),
                    Replies = table.Column<int>(type: "int", nullable: false),
                    IsDemo = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommentatorTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommentatorTasks_Channels_ChannelId",
                        column: x => x.ChannelId,
                        principalTable: "Channels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommentatorTasks_Commentators_CommentatorId",
                        column: x => x.CommentatorId,
                        principalTable: "Commentators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_ChannelId_PublishedAtUtc",
                table: "Articles",
                columns: new[] { "ChannelId", "PublishedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CommentatorAccounts_ChannelId_ExternalId",
                table: "CommentatorAccounts",
                columns: new[] { "ChannelId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommentatorAccounts_CommentatorId",
                table: "CommentatorAccounts",
                column: "CommentatorId");

            migrationBuilder.CreateIndex(
                name: "IX_CommentatorTasks_ChannelId_CommentatorId_Date_Task",
                table: "CommentatorTasks",
                columns: new[] { "ChannelId", "CommentatorId", "Date", "Task" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommentatorTasks_CommentatorId_Date",
                table: "CommentatorTasks",
                columns: new[] { "CommentatorId", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommentatorAccounts");

            migrationBuilder.DropTable(
                name: "CommentatorTasks");

            migrationBuilder.DropIndex(
                name: "IX_Articles_ChannelId_PublishedAtUtc",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "JobRunSources");

            migrationBuilder.DropColumn(
                name: "IsBacklog",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "IsUndated",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_ChannelId",
                table: "Articles",
                column: "ChannelId");
        }
    }
}
