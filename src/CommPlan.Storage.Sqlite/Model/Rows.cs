namespace CommPlan.Storage.Sqlite.Model;

/// <summary>A plan as stored: its four vocabularies as JSON, since they are always read whole with the plan.</summary>
public sealed class PlanRow
{
    public Guid Id { get; set; }
    public int Year { get; set; }
    public string Organisation { get; set; } = "";
    public string Department { get; set; } = "";
    public string Title { get; set; } = "";
    public string GoalsJson { get; set; } = "[]";
    public string TargetGroupsJson { get; set; } = "[]";
    public string ChannelsJson { get; set; } = "[]";
    public string UnitsJson { get; set; } = "[]";

    /// <summary>Who is communicator and manager; changed on its own, so it has its own version.</summary>
    public string RolesJson { get; set; } = "[]";
    public long RolesVersion { get; set; } = 1;
}

/// <summary>
/// An activity as stored: the columns people filter on are real, indexed columns; lists and nested parts are
/// JSON. <see cref="Version"/> is the optimistic concurrency token behind the ETag.
/// </summary>
public sealed class ActivityRow
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string UnitKey { get; set; } = "";
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    public DateOnly Deadline { get; set; }
    public string? RecurrenceJson { get; set; }
    public string ChannelsJson { get; set; } = "[]";
    public string TargetGroupsJson { get; set; } = "[]";
    public string GoalsJson { get; set; } = "[]";
    public Guid? OwnerId { get; set; }
    public string? OwnerName { get; set; }
    public string? OwnerEmail { get; set; }
    public string? FollowUpMetric { get; set; }
    public string Status { get; set; } = "";
    public DateOnly? CompletedOn { get; set; }
    public string OccurrencesJson { get; set; } = "[]";
    public string FiguresJson { get; set; } = "[]";
    public long Version { get; set; }
}
