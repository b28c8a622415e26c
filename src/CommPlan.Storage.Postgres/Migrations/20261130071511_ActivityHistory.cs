using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommPlan.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ActivityHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_history",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    AtMs = table.Column<long>(type: "bigint", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorName = table.Column<string>(type: "text", nullable: false),
                    ChangesJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_history", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_activity_history_Id",
                table: "activity_history",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_activity_history_PlanId_ActivityId_Sequence",
                table: "activity_history",
                columns: new[] { "PlanId", "ActivityId", "Sequence" });

            // The history is append-only in the database too, whatever code reaches it.
            migrationBuilder.Sql("CREATE FUNCTION activity_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'The activity history is append-only.'; END $$;");
            migrationBuilder.Sql("CREATE TRIGGER activity_history_append_only BEFORE UPDATE OR DELETE ON activity_history FOR EACH ROW EXECUTE FUNCTION activity_history_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_history");

            migrationBuilder.Sql("DROP FUNCTION activity_history_append_only();");
        }
    }
}
