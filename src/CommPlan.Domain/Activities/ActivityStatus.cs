namespace CommPlan.Domain.Activities;

/// <summary>Where an activity stands. "Late" is not a status: it follows from the deadline and today.</summary>
public enum ActivityStatus
{
    Planned,
    InProgress,
    Done,
    Cancelled,
}

/// <summary>
/// The person responsible (Ansvar/Kontaktperson): the name people know, the Entra ID object id that Teams reaches
/// them by, and their e-mail (sign-in) address, which is how SharePoint's person columns know them. Someone picked as
/// owner in SharePoint whom the app has not met yet is known by name and e-mail only, until their object id is known.
/// </summary>
public sealed record Owner(Guid? ObjectId, string DisplayName, string? Email = null);

/// <summary>A follow-up figure recorded against the activity's metric (e.g. 240 visitors).</summary>
public sealed record FollowUpFigure(DateOnly RecordedOn, decimal Value, string? Note);
