using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommPlan.Storage.Sqlite.Migrations
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AtMs = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: false),
                    ChangesJson = table.Column<string>(type: "TEXT", nullable: false)
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
            migrationBuilder.Sql("CREATE TRIGGER activity_history_no_update BEFORE UPDATE ON activity_history BEGIN SELECT RAISE(ABORT, 'The activity history is append-only.'); END;");
            migrationBuilder.Sql("CREATE TRIGGER activity_history_no_delete BEFORE DELETE ON activity_history BEGIN SELECT RAISE(ABORT, 'The activity history is append-only.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_history");
        }
    }
}
