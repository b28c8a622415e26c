namespace CommPlan.Domain.PressReleases;

/// <summary>What happened, as the plan's record names it: to a press release, or (adopted) to a plan document.</summary>
public enum AuditAction
{
    Created,
    Submitted,
    Resubmitted,
    Approved,
    ChangesRequested,
    Rejected,
    Withdrawn,
    Sent,
    Adopted,
}

/// <summary>
/// One line of the release's record, written once with the state change it records and never changed or removed:
/// what the registrar takes into the records system (diarieföring).
/// </summary>
/// <param name="DocumentVersion">The file of the release's Word document for the version the entry is about.</param>
public sealed record AuditEntry(
    Guid Id, Guid PlanId, Guid ReleaseId, int Version, AuditAction Action, PressReleaseState StateAfter,
    Person Actor, DateTimeOffset At, string? Comment, string DocumentVersion)
{
    public static AuditEntry Of(PressRelease after, AuditAction action, Person actor, DateTimeOffset at, string? comment) =>
        new(Guid.NewGuid(), after.PlanId, after.Id, after.Version, action, after.State, actor, at, comment, after.DocumentName);
}
