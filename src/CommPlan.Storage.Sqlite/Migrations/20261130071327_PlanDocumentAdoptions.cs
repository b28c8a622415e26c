using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommPlan.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PlanDocumentAdoptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "plan_document_adoptions",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    DocumentVersion = table.Column<string>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_document_adoptions", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plan_document_adoptions_Id",
                table: "plan_document_adoptions",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plan_document_adoptions_PlanId_Sequence",
                table: "plan_document_adoptions",
                columns: new[] { "PlanId", "Sequence" });

            // Append-only: the database itself refuses to change or remove an adoption once recorded.
            migrationBuilder.Sql("CREATE TRIGGER plan_document_adoptions_no_update BEFORE UPDATE ON plan_document_adoptions BEGIN SELECT RAISE(ABORT, 'The plan''s record is append-only.'); END;");
            migrationBuilder.Sql("CREATE TRIGGER plan_document_adoptions_no_delete BEFORE DELETE ON plan_document_adoptions BEGIN SELECT RAISE(ABORT, 'The plan''s record is append-only.'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_document_adoptions");
        }
    }
}
