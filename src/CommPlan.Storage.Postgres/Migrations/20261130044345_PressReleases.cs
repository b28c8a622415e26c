using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommPlan.Storage.Postgres.Migrations
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
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<string>(type: "text", nullable: false),
                    SetBy = table.Column<Guid>(type: "uuid", nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_approval_conversations", x => x.PlanId);
                });

            migrationBuilder.CreateTable(
                name: "press_release_audit",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReleaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    StateAfter = table.Column<string>(type: "text", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorName = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Comment = table.Column<string>(type: "text", nullable: true),
                    DocumentVersion = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_press_release_audit", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "press_releases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    DataJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAtMs = table.Column<long>(type: "bigint", nullable: false),
                    RowVersion = table.Column<long>(type: "bigint", nullable: false)
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
            migrationBuilder.Sql("CREATE FUNCTION press_release_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'The press-release record is append-only.'; END $$;");
            migrationBuilder.Sql("CREATE TRIGGER press_release_audit_append_only BEFORE UPDATE OR DELETE ON press_release_audit FOR EACH ROW EXECUTE FUNCTION press_release_audit_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_conversations");

            migrationBuilder.DropTable(
                name: "press_release_audit");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS press_release_audit_append_only();");

            migrationBuilder.DropTable(
                name: "press_releases");
        }
    }
}
