using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Access;

/// <summary>What someone asks to do in a plan.</summary>
public enum Operation
{
    /// <summary>See the plan, its activities, overviews and follow-up.</summary>
    ReadPlan,
    CreateActivity,
    /// <summary>Change anything about an activity: what, when, who, channels, goals, schedule.</summary>
    EditActivity,
    DeleteActivity,
    /// <summary>
    /// Report progress on one activity: its status and completion date, its occurrences' status, and its follow-up
    /// figures; nothing else. Its owner may do this.
    /// </summary>
    RecordProgress,
    ManageRoles,
    ManagePlanSettings,
    ApprovePressRelease,
}

/// <summary>Why an operation was refused; stable, so the doors can translate it.</summary>
public enum RefusalReason
{
    /// <summary>The caller signed in with another tenant than the organisation's (or with none).</summary>
    OtherTenant,
    /// <summary>The door could not tell who is asking (no Entra object id).</summary>
    Unidentified,
    /// <summary>Only the plan's communicators may do this.</summary>
    CommunicatorsOnly,
    /// <summary>Only the activity's owner or a communicator may do this.</summary>
    OwnerOrCommunicatorOnly,
}

/// <summary>
/// The person asking, as the policy sees them: their Entra object id and tenant, their e-mail address when known
/// (owners given by e-mail alone), and the groups they are in among those the policy may ask about.
/// </summary>
public sealed record Caller(Guid ObjectId, Guid? TenantId, string? Email, IReadOnlySet<Guid> Groups);

/// <summary>The answer: allowed or not, the caller's role in the plan, and the reason for a refusal.</summary>
public sealed record AccessDecision(Operation Operation, bool Allowed, PlanRole Role, RefusalReason? Reason)
{
    public static AccessDecision Allow(Operation operation, PlanRole role) => new(operation, true, role, null);

    public static AccessDecision Refuse(Operation operation, PlanRole role, RefusalReason reason) => new(operation, false, role, reason);
}

/// <summary>
/// Who may do what in a plan, in one place. Communicators do everything; managers and readers read; an activity's
/// owner reports its progress. Bootstrap communicators (by user or group id, from the settings) are communicators
/// of every plan, so that a new installation has someone to hand out roles. When the organisation's tenant is
/// configured, anyone signed in with another tenant is refused everything.
/// </summary>
public sealed class AccessPolicy(Guid? organisationTenant, IReadOnlyCollection<Guid> bootstrapCommunicators)
{
    public Guid? OrganisationTenant { get; } = organisationTenant;
    public IReadOnlyCollection<Guid> BootstrapCommunicators { get; } = bootstrapCommunicators;

    /// <summary>The group ids whose membership can change a decision for this plan: ask only about these.</summary>
    public IReadOnlyCollection<Guid> GroupsThatMatter(PlanRoles roles) =>
        roles.Assignments.Where(a => a.Kind == PrincipalKind.Group).Select(a => a.PrincipalId)
            .Concat(BootstrapCommunicators).Distinct().ToArray();

    public bool IsInTenant(Caller caller) => OrganisationTenant is not { } tenant || caller.TenantId == tenant;

    /// <summary>The caller's highest assigned role in the plan (owner is per activity, see <see cref="IsOwner"/>).</summary>
    public PlanRole RoleOf(Caller caller, PlanRoles roles)
    {
        if (BootstrapCommunicators.Any(id => Names(caller, id))) return PlanRole.Communicator;
        return roles.Assignments
            .Where(a => a.Kind == PrincipalKind.User ? a.PrincipalId == caller.ObjectId : caller.Groups.Contains(a.PrincipalId))
            .Select(a => a.Role)
            .DefaultIfEmpty(PlanRole.Reader)
            .Max();
    }

    /// <summary>Whether the caller owns the activity: by object id, or by e-mail when the owner has no object id yet.</summary>
    public static bool IsOwner(Caller caller, Owner? owner) => owner switch
    {
        { ObjectId: { } id } => id == caller.ObjectId,
        { Email: { } email } => caller.Email is { } mine && string.Equals(email.Trim(), mine.Trim(), StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <param name="activityOwner">The owner of the activity the operation is about, for <see cref="Operation.RecordProgress"/>.</param>
    public AccessDecision Decide(Caller caller, PlanRoles roles, Operation operation, Owner? activityOwner = null)
    {
        if (!IsInTenant(caller)) return AccessDecision.Refuse(operation, PlanRole.Reader, RefusalReason.OtherTenant);
        var role = RoleOf(caller, roles);
        if (role == PlanRole.Communicator) return AccessDecision.Allow(operation, role);
        var owns = operation == Operation.RecordProgress && IsOwner(caller, activityOwner);
        var effective = owns && role < PlanRole.Owner ? PlanRole.Owner : role;
        return operation switch
        {
            Operation.ReadPlan => AccessDecision.Allow(operation, effective),
            Operation.RecordProgress when owns => AccessDecision.Allow(operation, effective),
            Operation.RecordProgress => AccessDecision.Refuse(operation, effective, RefusalReason.OwnerOrCommunicatorOnly),
            _ => AccessDecision.Refuse(operation, effective, RefusalReason.CommunicatorsOnly),
        };
    }

    private static bool Names(Caller caller, Guid id) => id == caller.ObjectId || caller.Groups.Contains(id);
}
