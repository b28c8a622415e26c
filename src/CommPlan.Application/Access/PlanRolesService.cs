using CommPlan.Application.Storage;
using CommPlan.Domain.Access;

namespace CommPlan.Application.Access;

/// <summary>
/// Who is communicator and manager in a plan: listed, given and taken back by the plan's communicators. Every change
/// quotes the version of the list it was made from, so two communicators cannot overwrite each other's change.
/// </summary>
public sealed class PlanRolesService(IPlanStore plans, AccessGate gate)
{
    public async Task<Versioned<PlanRoles>> ListAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        var current = await RequireAsync(actor, planId, ct);
        (await gate.ForRolesAsync(actor, current.Value, ct)).Demand(Operation.ManageRoles);
        return current;
    }

    public Task<Versioned<PlanRoles>> AddAsync(Actor actor, Guid planId, RoleAssignment assignment, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(actor, planId, ifMatch, roles => roles.Add(assignment), ct);

    /// <summary>
    /// Takes a role back. The last communicator of a plan stays unless bootstrap communicators are configured, who
    /// can then hand the role out again.
    /// </summary>
    public Task<Versioned<PlanRoles>> RemoveAsync(Actor actor, Guid planId, Guid principalId, PlanRole role, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(actor, planId, ifMatch, roles => roles.Remove(principalId, role, gate.Policy.BootstrapCommunicators.Count > 0), ct);

    private async Task<Versioned<PlanRoles>> ChangeAsync(Actor actor, Guid planId, string? ifMatch, Func<PlanRoles, PlanRoles> change, CancellationToken ct)
    {
        var what = "Roles of plan " + planId;
        var current = await RequireAsync(actor, planId, ct);
        (await gate.ForRolesAsync(actor, current.Value, ct)).Demand(Operation.ManageRoles);
        if (string.IsNullOrEmpty(ifMatch)) throw new PreconditionRequiredException(what);
        if (ifMatch != "*" && ifMatch != current.ETag) throw new ConcurrencyConflictException(what, current.ETag);
        return await plans.SaveRolesAsync(planId, change(current.Value), ifMatch == "*" ? current.ETag : ifMatch, ct);
    }

    private async Task<Versioned<PlanRoles>> RequireAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor, Operation.ManageRoles);
        return await plans.GetRolesAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
    }
}
