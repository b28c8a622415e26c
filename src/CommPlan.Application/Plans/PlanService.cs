using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Plans;

/// <summary>Reading plans; "the current plan" is this year's, or else the latest one. Everyone in the tenant reads.</summary>
public sealed class PlanService(IPlanStore plans, AccessGate gate, OrganisationClock clock)
{
    public Task<IReadOnlyList<Plan>> ListAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        return plans.ListAsync(ct);
    }

    public async Task<Plan> GetAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        return await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
    }

    public async Task<Plan?> FindCurrentAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        var all = await plans.ListAsync(ct);
        var year = clock.Today.Year;
        return all.FirstOrDefault(p => p.Year == year) ?? all.OrderByDescending(p => p.Year).FirstOrDefault();
    }
}
