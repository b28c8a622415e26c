namespace CommPlan.Domain.Activities;

/// <summary>Where an activity stands. "Late" is not a status: it follows from the deadline and today.</summary>
public enum ActivityStatus
{
    Planned,
    InProgress,
    Done,
    Cancelled,
}

/// <summary>The person responsible (Ansvar/Kontaktperson), by Entra ID object id and the name people know.</summary>
public sealed record Owner(Guid ObjectId, string DisplayName);

/// <summary>A follow-up figure recorded against the activity's metric (e.g. 240 visitors).</summary>
public sealed record FollowUpFigure(DateOnly RecordedOn, decimal Value, string? Note);
