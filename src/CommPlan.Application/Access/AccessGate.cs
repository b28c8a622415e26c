using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;

namespace CommPlan.Application.Access;

/// <summary>
/// Where the use cases ask the access policy: it brings the actor, the plan's roles and the actor's groups (from
/// the token, or from the directory for the groups that matter) together. The doors use it too, to hide what a
/// person may not do.
/// </summary>
public sealed class AccessGate(IPlanStore plans, AccessPolicy policy, GroupMembershipCache groups)
{
    public AccessPolicy Policy => policy;

    /// <summary>Refuses an actor from another tenant; reading needs nothing more, as everyone in the tenant reads.</summary>
    public void DemandTenant(Actor actor, Operation operation = Operation.ReadPlan)
    {
        if (!policy.IsInTenant(actor.ToCaller(new HashSet<Guid>())))
            throw new AccessDeniedException(AccessDecision.Refuse(operation, PlanRole.Reader, RefusalReason.OtherTenant));
    }

    /// <summary>The actor's standing in one plan, for one or more decisions.</summary>
    /// <exception cref="NotFoundException">No such plan.</exception>
    /// <exception cref="AccessDeniedException">The actor is from another tenant.</exception>
    public async Task<PlanAccess> ForPlanAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        DemandTenant(actor);
        var roles = await plans.GetRolesAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        return await ForRolesAsync(actor, roles.Value, ct);
    }

    public async Task<PlanAccess> ForRolesAsync(Actor actor, PlanRoles roles, CancellationToken ct)
    {
        DemandTenant(actor);
        var known = actor.Groups;
        // A communicator by their own id needs no directory call: no group can give them more.
        if (known is null && policy.RoleOf(actor.ToCaller(new HashSet<Guid>()), roles) != PlanRole.Communicator)
        {
            var matter = policy.GroupsThatMatter(roles);
            if (matter.Count > 0) known = await groups.MemberOfAsync(actor.ObjectId, matter, ct);
        }
        known ??= new HashSet<Guid>();
        return new PlanAccess(policy, actor.ToCaller(known), roles);
    }
}

/// <summary>One actor's standing in one plan: their role, and the policy's answer for each operation.</summary>
public sealed class PlanAccess(AccessPolicy policy, Caller caller, PlanRoles roles)
{
    public PlanRole Role => policy.RoleOf(caller, roles);

    public AccessDecision Decide(Operation operation, Owner? activityOwner = null) => policy.Decide(caller, roles, operation, activityOwner);

    public bool Allows(Operation operation, Owner? activityOwner = null) => Decide(operation, activityOwner).Allowed;

    /// <exception cref="AccessDeniedException">The policy refuses.</exception>
    public void Demand(Operation operation, Owner? activityOwner = null)
    {
        var decision = Decide(operation, activityOwner);
        if (!decision.Allowed) throw new AccessDeniedException(decision);
    }
}
