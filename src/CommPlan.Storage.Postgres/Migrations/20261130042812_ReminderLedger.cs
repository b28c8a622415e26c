using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommPlan.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ReminderLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reminder_deliveries",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    DigestKey = table.Column<string>(type: "text", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    IsOccurrence = table.Column<bool>(type: "boolean", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    WorkingDays = table.Column<int>(type: "integer", nullable: false),
                    RecipientKey = table.Column<string>(type: "text", nullable: false),
                    RecipientName = table.Column<string>(type: "text", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CatchUp = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    OutboxEntryId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConversationId = table.Column<string>(type: "text", nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_deliveries", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "reminder_policies",
                columns: table => new
                {
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyJson = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_policies", x => x.PlanId);
                });

            migrationBuilder.CreateTable(
                name: "reminder_runs",
                columns: table => new
                {
                    Name = table.Column<string>(type: "text", nullable: false),
                    LastRunAtMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_runs", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "reminder_snoozes",
                columns: table => new
                {
                    ActivityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    RecipientKey = table.Column<string>(type: "text", nullable: false),
                    Until = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminder_snoozes", x => new { x.ActivityId, x.Deadline, x.RecipientKey });
                });

            migrationBuilder.CreateIndex(
                name: "IX_reminder_deliveries_DigestKey",
                table: "reminder_deliveries",
                column: "DigestKey");

            migrationBuilder.CreateIndex(
                name: "IX_reminder_deliveries_PlanId_Day",
                table: "reminder_deliveries",
                columns: new[] { "PlanId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_reminder_snoozes_Until",
                table: "reminder_snoozes",
                column: "Until");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reminder_deliveries");

            migrationBuilder.DropTable(
                name: "reminder_policies");

            migrationBuilder.DropTable(
                name: "reminder_runs");

            migrationBuilder.DropTable(
                name: "reminder_snoozes");
        }
    }
}
