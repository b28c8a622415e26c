using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>
/// The app's own database: the plan store on the embedded default, and always the app's Teams conversations, its
/// outbox and its cache of SharePoint lists.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<PlanRow> Plans => Set<PlanRow>();
    public DbSet<ActivityRow> Activities => Set<ActivityRow>();
    public DbSet<ConversationRow> Conversations => Set<ConversationRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<SyncListRow> SyncLists => Set<SyncListRow>();
    public DbSet<SyncItemRow> SyncItems => Set<SyncItemRow>();
    public DbSet<CalendarFeedRow> CalendarFeeds => Set<CalendarFeedRow>();
    public DbSet<ReminderPolicyRow> ReminderPolicies => Set<ReminderPolicyRow>();
    public DbSet<ReminderDeliveryRow> ReminderDeliveries => Set<ReminderDeliveryRow>();
    public DbSet<ReminderSnoozeRow> ReminderSnoozes => Set<ReminderSnoozeRow>();
    public DbSet<ReminderRunRow> ReminderRuns => Set<ReminderRunRow>();
    public DbSet<ReminderRecipientRow> ReminderRecipients => Set<ReminderRecipientRow>();
    public DbSet<PressReleaseRow> PressReleases => Set<PressReleaseRow>();
    public DbSet<AuditEntryRow> PressReleaseAudit => Set<AuditEntryRow>();
    public DbSet<AdoptionEntryRow> PlanDocumentAdoptions => Set<AdoptionEntryRow>();
    public DbSet<ApprovalConversationRow> ApprovalConversations => Set<ApprovalConversationRow>();
    public DbSet<ActivityHistoryRow> ActivityHistory => Set<ActivityHistoryRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<PlanRow>(e =>
        {
            e.ToTable("plans");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Year);
            e.Property(x => x.RolesJson).HasDefaultValue("[]");
            e.Property(x => x.RolesVersion).HasDefaultValue(1L).IsConcurrencyToken();
        });
        b.Entity<ActivityRow>(e =>
        {
            e.ToTable("activities");
            e.HasKey(x => x.Id);
            e.HasOne<PlanRow>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.PlanId, x.UnitKey });
            e.HasIndex(x => new { x.PlanId, x.OwnerId });
            e.HasIndex(x => new { x.PlanId, x.Deadline });
        });
        b.Entity<ConversationRow>(e =>
        {
            e.ToTable("conversations");
            e.HasKey(x => x.ConversationId);
            e.Property(x => x.Kind).HasConversion<string>();
            e.Property(x => x.State).HasConversion<string>();
            e.HasIndex(x => new { x.UserAadObjectId, x.Kind });
            e.HasIndex(x => x.State);
        });
        b.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(x => x.Id).IsUnique();
            e.Property(x => x.Operation).HasConversion<string>();
            e.Property(x => x.State).HasConversion<string>();
            // The due query: the head (lowest sequence) of each conversation's unfinished entries, then its due time.
            e.HasIndex(x => new { x.State, x.ConversationId, x.Sequence });
            e.HasIndex(x => new { x.State, x.NextAttemptAtMs });
            e.HasIndex(x => x.CorrelationKey);
        });
        b.Entity<SyncListRow>(e =>
        {
            e.ToTable("sync_lists");
            e.HasKey(x => x.List);
        });
        b.Entity<SyncItemRow>(e =>
        {
            e.ToTable("sync_items");
            e.HasKey(x => new { x.List, x.ItemId });
            e.HasIndex(x => new { x.List, x.Key });
            e.HasIndex(x => new { x.List, x.Partition });
        });
        b.Entity<PressReleaseRow>(e =>
        {
            e.ToTable("press_releases");
            e.HasKey(x => x.Id);
            e.Property(x => x.RowVersion).IsConcurrencyToken();
            e.HasIndex(x => new { x.PlanId, x.CreatedAtMs });
        });
        b.Entity<AuditEntryRow>(e =>
        {
            // Append-only: the app never updates or deletes a row (the migrations add triggers that refuse it).
            e.ToTable("press_release_audit");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.PlanId, x.ReleaseId, x.Sequence });
        });
        b.Entity<AdoptionEntryRow>(e =>
        {
            // Append-only like the press-release record beside it (the migrations add the same refusing triggers).
            e.ToTable("plan_document_adoptions");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.PlanId, x.Sequence });
        });
        b.Entity<ApprovalConversationRow>(e =>
        {
            e.ToTable("approval_conversations");
            e.HasKey(x => x.PlanId);
        });
        b.Entity<CalendarFeedRow>(e =>
        {
            e.ToTable("calendar_feeds");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.SecretHash).IsUnique();
            e.HasIndex(x => x.ObjectId);
        });
        b.Entity<ActivityHistoryRow>(e =>
        {
            // Append-only, like the press-release record; no key to the activity, so its past outlives it.
            e.ToTable("activity_history");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.PlanId, x.ActivityId, x.Sequence });
        });
        OnReminderModelCreating(b);
    }

    private static void OnReminderModelCreating(ModelBuilder b)
    {
        b.Entity<ReminderPolicyRow>(e =>
        {
            e.ToTable("reminder_policies");
            e.HasKey(x => x.PlanId);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<ReminderDeliveryRow>(e =>
        {
            e.ToTable("reminder_deliveries");
            e.HasKey(x => x.Key);
            e.HasIndex(x => x.DigestKey);
            e.HasIndex(x => new { x.PlanId, x.Day });
        });
        b.Entity<ReminderSnoozeRow>(e =>
        {
            e.ToTable("reminder_snoozes");
            e.HasKey(x => new { x.ActivityId, x.Deadline, x.RecipientKey });
            e.HasIndex(x => x.Until);
        });
        b.Entity<ReminderRunRow>(e =>
        {
            e.ToTable("reminder_runs");
            e.HasKey(x => x.Name);
        });
        b.Entity<ReminderRecipientRow>(e =>
        {
            e.ToTable("reminder_recipients");
            e.HasKey(x => x.Address);
        });
    }
}
