using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Activities;

/// <summary>Reading and changing the rows of an activity plan.</summary>
public sealed class ActivityService(IPlanStore plans, IActivityStore activities, OrganisationClock clock)
{
    public async Task<IReadOnlyList<Versioned<Activity>>> ListAsync(Guid planId, ActivityFilter filter, CancellationToken ct)
    {
        var plan = await RequirePlanAsync(planId, ct);
        var today = clock.Today;
        var all = await activities.ListAsync(planId, ct);
        return all.Where(a => filter.Matches(a.Value, plan.Year, today))
            .OrderBy(a => a.Value.Period.From).ThenBy(a => a.Value.Deadline).ThenBy(a => a.Value.Title, StringComparer.CurrentCulture)
            .ToArray();
    }

    public async Task<Versioned<Activity>> GetAsync(Guid planId, Guid activityId, CancellationToken ct) =>
        await activities.GetAsync(planId, activityId, ct) ?? throw new NotFoundException("Activity " + activityId);

    /// <param name="describe">Builds the details from the plan, which callers need to read plan-relative input
    /// such as "maj och okt"; given here so the plan is read once.</param>
    public async Task<Versioned<Activity>> CreateAsync(Guid planId, Func<Plan, ActivityDetails> describe, CancellationToken ct)
    {
        var plan = await RequirePlanAsync(planId, ct);
        var activity = Activity.Create(Guid.NewGuid(), plan, describe(plan), clock.Today);
        return await activities.AddAsync(activity, ct);
    }

    public Task<Versioned<Activity>> ReviseAsync(Guid planId, Guid activityId, Func<Plan, ActivityDetails> describe, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(planId, activityId, ifMatch, (plan, a) => a.Revise(plan, describe(plan), clock.Today), ct);

    public Task<Versioned<Activity>> RecordFigureAsync(Guid planId, Guid activityId, FollowUpFigure figure, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(planId, activityId, ifMatch, (_, a) => a.RecordFigure(figure, clock.Today), ct);

    public Task<Versioned<Activity>> ChangeOccurrenceStatusAsync(Guid planId, Guid activityId, DateOnly deadline,
        ActivityStatus status, DateOnly? completedOn, string? ifMatch, CancellationToken ct) =>
        ChangeAsync(planId, activityId, ifMatch, (_, a) => a.ChangeOccurrenceStatus(deadline, status, clock.Today, completedOn), ct);

    public async Task DeleteAsync(Guid planId, Guid activityId, string? ifMatch, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ifMatch)) throw new PreconditionRequiredException("Activity " + activityId);
        await activities.DeleteAsync(planId, activityId, ifMatch, ct);
    }

    private async Task<Versioned<Activity>> ChangeAsync(Guid planId, Guid activityId, string? ifMatch, Action<Plan, Activity> change, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(ifMatch)) throw new PreconditionRequiredException("Activity " + activityId);
        var plan = await RequirePlanAsync(planId, ct);
        var current = await GetAsync(planId, activityId, ct);
        // Check the version before the rules, so that a stale writer hears "reload" rather than a rule error.
        if (ifMatch != "*" && ifMatch != current.ETag) throw new ConcurrencyConflictException("Activity " + activityId, current.ETag);
        change(plan, current.Value);
        return await activities.UpdateAsync(current.Value, ifMatch == "*" ? current.ETag : ifMatch, ct);
    }

    private async Task<Plan> RequirePlanAsync(Guid planId, CancellationToken ct) =>
        await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
}
