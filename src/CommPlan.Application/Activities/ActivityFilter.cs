using CommPlan.Domain.Activities;

namespace CommPlan.Application.Activities;

/// <summary>Which status a list asks for: one of the stored ones, or "late", which is derived from today.</summary>
public enum StatusFilter
{
    Planned,
    InProgress,
    Done,
    Cancelled,
    Late,
}

/// <summary>The filters of the activity list; every filter given must hold.</summary>
public sealed record ActivityFilter
{
    public string? Unit { get; init; }
    public Guid? Owner { get; init; }

    /// <summary>
    /// With <see cref="Owner"/>: the same person's e-mail address, which finds the activities given to them in
    /// SharePoint before the app knew their object id (owners known by e-mail alone).
    /// </summary>
    public string? OwnerEmail { get; init; }
    public StatusFilter? Status { get; init; }
    public int? Month { get; init; }
    public string? Channel { get; init; }
    public string? Goal { get; init; }
    public string? TargetGroup { get; init; }

    public static ActivityFilter None { get; } = new();

    public bool Matches(Activity a, int planYear, DateOnly today) =>
        (Unit is null || a.UnitKey == Unit)
        && (Owner is null || a.Owner?.ObjectId == Owner || IsOwnerByEmail(a.Owner))
        && (Status is null || MatchesStatus(a, Status.Value, today))
        && (Month is null || a.IsActiveIn(planYear, Month.Value))
        && (Channel is null || a.Channels.Contains(Channel))
        && (Goal is null || a.Goals.Contains(Goal))
        && (TargetGroup is null || a.TargetGroups.Contains(TargetGroup));

    private bool IsOwnerByEmail(Owner? owner) =>
        OwnerEmail is not null && owner is { ObjectId: null, Email: { } email } && string.Equals(email, OwnerEmail, StringComparison.OrdinalIgnoreCase);

    private static bool MatchesStatus(Activity a, StatusFilter status, DateOnly today) => status switch
    {
        StatusFilter.Late => a.IsLate(today),
        StatusFilter.Planned => a.Status == ActivityStatus.Planned,
        StatusFilter.InProgress => a.Status == ActivityStatus.InProgress,
        StatusFilter.Done => a.Status == ActivityStatus.Done,
        StatusFilter.Cancelled => a.Status == ActivityStatus.Cancelled,
        _ => false,
    };
}
