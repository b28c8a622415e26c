using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>
/// The app's own database: the plan store on the embedded default, and always the app's Teams conversations and its
/// outbox.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<PlanRow> Plans => Set<PlanRow>();
    public DbSet<ActivityRow> Activities => Set<ActivityRow>();
    public DbSet<ConversationRow> Conversations => Set<ConversationRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<PlanRow>(e =>
        {
            e.ToTable("plans");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Year);
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
    }
}
