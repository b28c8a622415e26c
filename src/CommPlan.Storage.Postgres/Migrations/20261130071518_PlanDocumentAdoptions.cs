using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommPlan.Storage.Postgres.Migrations
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
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false),
                    DocumentVersion = table.Column<string>(type: "text", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorName = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
            migrationBuilder.Sql("CREATE FUNCTION plan_document_adoptions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'The plan''s record is append-only.'; END $$;");
            migrationBuilder.Sql("CREATE TRIGGER plan_document_adoptions_append_only BEFORE UPDATE OR DELETE ON plan_document_adoptions FOR EACH ROW EXECUTE FUNCTION plan_document_adoptions_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_document_adoptions");

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS plan_document_adoptions_append_only();");
        }
    }
}
