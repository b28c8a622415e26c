using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>The app's own database: the plan store on the embedded default.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<PlanRow> Plans => Set<PlanRow>();
    public DbSet<ActivityRow> Activities => Set<ActivityRow>();

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
    }
}
