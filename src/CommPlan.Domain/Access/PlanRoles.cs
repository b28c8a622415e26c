using CommPlan.Domain.Common;

namespace CommPlan.Domain.Access;

/// <summary>
/// What a person may do in a plan, lowest first. Communicator and manager are given to people or groups;
/// owner follows from owning an activity; reader is everyone else in the organisation's tenant.
/// </summary>
public enum PlanRole
{
    Reader,
    Owner,
    Manager,
    Communicator,
}

/// <summary>Whom an assignment names: one person (Entra user object id) or everyone in an Entra group.</summary>
public enum PrincipalKind
{
    User,
    Group,
}

/// <summary>
/// One role given to one person or group in one plan. <see cref="DisplayName"/> is only for showing the list;
/// the id is what counts.
/// </summary>
public sealed record RoleAssignment(Guid PrincipalId, PrincipalKind Kind, PlanRole Role, string DisplayName)
{
    /// <summary>The roles a plan hands out; owner and reader follow from the activities and the tenant.</summary>
    public static bool IsAssignable(PlanRole role) => role is PlanRole.Communicator or PlanRole.Manager;
}

/// <summary>
/// The role list of one plan: who is communicator and who is manager, by user or group. Kept short and without
/// repeats, so that a reader of the list sees each decision once.
/// </summary>
public sealed class PlanRoles
{
    public const int MaxAssignments = 200;
    public const int MaxDisplayNameLength = 200;

    private PlanRoles(IReadOnlyList<RoleAssignment> assignments) => Assignments = assignments;

    public IReadOnlyList<RoleAssignment> Assignments { get; }

    public static PlanRoles Empty { get; } = new([]);

    public IEnumerable<RoleAssignment> WithRole(PlanRole role) => Assignments.Where(a => a.Role == role);

    public static PlanRoles Create(IEnumerable<RoleAssignment> assignments)
    {
        var list = assignments.ToArray();
        var errors = new ErrorCollector();
        if (list.Length > MaxAssignments) errors.Add("roles", ErrorCodes.TooMany, MaxAssignments);
        var seen = new HashSet<(Guid, PlanRole)>();
        var clean = new RoleAssignment[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            var a = list[i];
            var field = $"roles[{i}]";
            if (a.PrincipalId == Guid.Empty) errors.Add(field + ".principalId", ErrorCodes.Required);
            if (!Enum.IsDefined(a.Kind)) errors.Add(field + ".kind", ErrorCodes.Unparseable);
            if (!Enum.IsDefined(a.Role)) errors.Add(field + ".role", ErrorCodes.Unparseable);
            else if (!RoleAssignment.IsAssignable(a.Role)) errors.Add(field + ".role", ErrorCodes.NotAssignable, a.Role);
            else if (a.PrincipalId != Guid.Empty && !seen.Add((a.PrincipalId, a.Role))) errors.Add(field, ErrorCodes.Duplicate);
            var name = errors.RequiredText(field + ".displayName", a.DisplayName, MaxDisplayNameLength);
            clean[i] = a with { DisplayName = name ?? "" };
        }
        errors.ThrowIfAny();
        return new PlanRoles(clean);
    }

    /// <summary>The list with one more assignment; the same person or group in the same role twice is a duplicate.</summary>
    public PlanRoles Add(RoleAssignment assignment) => Create([.. Assignments, assignment]);

    /// <summary>
    /// The list without the assignment. The plan's last communicator can only go when bootstrap communicators are
    /// configured: otherwise nobody would be left to manage the roles.
    /// </summary>
    public PlanRoles Remove(Guid principalId, PlanRole role, bool bootstrapCommunicatorsExist)
    {
        var errors = new ErrorCollector();
        var index = Assignments.ToList().FindIndex(a => a.PrincipalId == principalId && a.Role == role);
        if (index < 0)
        {
            errors.Add("principalId", ErrorCodes.UnknownReference, principalId);
            errors.ThrowIfAny();
        }
        if (role == PlanRole.Communicator && !bootstrapCommunicatorsExist && WithRole(PlanRole.Communicator).Count() == 1)
        {
            errors.Add("role", ErrorCodes.LastCommunicator);
            errors.ThrowIfAny();
        }
        return new PlanRoles(Assignments.Where((_, i) => i != index).ToArray());
    }
}
