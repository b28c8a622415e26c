namespace CommPlan.Storage.Sqlite.Model;

/// <summary>A person's calendar subscription; only the hash of its secret is kept.</summary>
public sealed class CalendarFeedRow
{
    public Guid Id { get; set; }
    public Guid ObjectId { get; set; }
    public Guid? TenantId { get; set; }
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }
    public string Kind { get; set; } = "";
    public Guid? PlanId { get; set; }
    public string SecretHash { get; set; } = "";
    public long CreatedAtMs { get; set; }
}
