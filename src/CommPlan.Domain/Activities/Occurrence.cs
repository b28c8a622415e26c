namespace CommPlan.Domain.Activities;

/// <summary>One repetition of a recurring activity, with its own deadline and progress.</summary>
public sealed record Occurrence(DateOnly Deadline, ActivityStatus Status, DateOnly? CompletedOn)
{
    public bool IsOpen => Status is ActivityStatus.Planned or ActivityStatus.InProgress;

    public bool IsLate(DateOnly today) => IsOpen && today > Deadline;
}
