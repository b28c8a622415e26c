namespace CommPlan.Domain.Activities;

/// <summary>
/// What a person writes about an activity: one row of the activity plan. <see cref="Activity"/> checks it against
/// the plan and its own rules before accepting it.
/// </summary>
public sealed record ActivityDetails
{
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string UnitKey { get; init; }
    public required Period Period { get; init; }

    /// <summary>When the activity must be done; defaults to the end of the period.</summary>
    public DateOnly? Deadline { get; init; }

    public Recurrence? Recurrence { get; init; }
    public IReadOnlyList<string> Channels { get; init; } = [];
    public IReadOnlyList<string> TargetGroups { get; init; } = [];
    public IReadOnlyList<string> Goals { get; init; } = [];
    public Owner? Owner { get; init; }
    public string? FollowUpMetric { get; init; }
    /// <summary>The status to move to; null keeps the current one (planned for a new activity).</summary>
    public ActivityStatus? Status { get; init; }

    /// <summary>Only read when the activity becomes done; defaults to today.</summary>
    public DateOnly? CompletedOn { get; init; }
}
