using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommPlan.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SharePointSyncCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sync_items",
                columns: table => new
                {
                    List = table.Column<string>(type: "TEXT", nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", nullable: true),
                    Partition = table.Column<string>(type: "TEXT", nullable: true),
                    ETag = table.Column<string>(type: "TEXT", nullable: false),
                    FieldsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_items", x => new { x.List, x.ItemId });
                });

            migrationBuilder.CreateTable(
                name: "sync_lists",
                columns: table => new
                {
                    List = table.Column<string>(type: "TEXT", nullable: false),
                    DeltaLink = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_lists", x => x.List);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sync_items_List_Key",
                table: "sync_items",
                columns: new[] { "List", "Key" });

            migrationBuilder.CreateIndex(
                name: "IX_sync_items_List_Partition",
                table: "sync_items",
                columns: new[] { "List", "Partition" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_items");

            migrationBuilder.DropTable(
                name: "sync_lists");
        }
    }
}
