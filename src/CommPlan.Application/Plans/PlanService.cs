using CommPlan.Application.Storage;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Plans;

/// <summary>Reading plans; "the current plan" is this year's, or else the latest one.</summary>
public sealed class PlanService(IPlanStore plans, OrganisationClock clock)
{
    public Task<IReadOnlyList<Plan>> ListAsync(CancellationToken ct) => plans.ListAsync(ct);

    public async Task<Plan> GetAsync(Guid planId, CancellationToken ct) =>
        await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);

    public async Task<Plan?> FindCurrentAsync(CancellationToken ct)
    {
        var all = await plans.ListAsync(ct);
        var year = clock.Today.Year;
        return all.FirstOrDefault(p => p.Year == year) ?? all.OrderByDescending(p => p.Year).FirstOrDefault();
    }
}
