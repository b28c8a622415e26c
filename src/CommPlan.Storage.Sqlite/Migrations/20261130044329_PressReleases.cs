using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommPlan.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PressReleases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "approval_conversations",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", nullable: false),
                    SetBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_approval_conversations", x => x.PlanId);
                });

            migrationBuilder.CreateTable(
                name: "press_release_audit",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReleaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    StateAfter = table.Column<string>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    DocumentVersion = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_press_release_audit", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "press_releases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DataJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    RowVersion = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_press_releases", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_press_release_audit_Id",
                table: "press_release_audit",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_press_release_audit_PlanId_ReleaseId_Sequence",
                table: "press_release_audit",
                columns: new[] { "PlanId", "ReleaseId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_press_releases_PlanId_CreatedAtMs",
                table: "press_releases",
                columns: new[] { "PlanId", "CreatedAtMs" });

            // The record is append-only in the database too, whatever code reaches it.
            migrationBuilder.Sql("CREATE TRIGGER press_release_audit_no_update BEFORE UPDATE ON press_release_audit BEGIN SELECT RAISE(ABORT, 'The press-release record is append-only.'); END;");
            migrationBuilder.Sql("CREATE TRIGGER press_release_audit_no_delete BEFORE DELETE ON press_release_audit BEGIN SELECT RAISE(ABORT, 'The press-release record is append-only.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_conversations");

            migrationBuilder.DropTable(
                name: "press_release_audit");

            migrationBuilder.DropTable(
                name: "press_releases");
        }
    }
}
