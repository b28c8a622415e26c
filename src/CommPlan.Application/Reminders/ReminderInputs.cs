using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Reminders;

namespace CommPlan.Application.Reminders;

/// <summary>Reads what the planner needs from the stores: the plans around today, their activities, policies and contacts.</summary>
public sealed class ReminderInputs(IPlanStore plans, IActivityStore activities, IReminderStore reminders)
{
    /// <summary>
    /// The plans of last year, this year and next: a December deadline is still reminded of in January, and next
    /// year's first deadlines are announced in December.
    /// </summary>
    public async Task<IReadOnlyList<PlanReminderInput>> AroundAsync(DateOnly today, CancellationToken ct)
    {
        var result = new List<PlanReminderInput>();
        foreach (var plan in await plans.ListAsync(ct))
        {
            if (plan.Year < today.Year - 1 || plan.Year > today.Year + 1) continue;
            result.Add(await ForPlanAsync(plan.Id, ct));
        }
        return result;
    }

    public async Task<PlanReminderInput> ForPlanAsync(Guid planId, CancellationToken ct)
    {
        var rows = await activities.ListAsync(planId, ct);
        var policy = (await reminders.GetPolicyAsync(planId, ct))?.Value ?? ReminderPolicy.Default;
        var roles = (await plans.GetRolesAsync(planId, ct))?.Value ?? PlanRoles.Empty;
        return new PlanReminderInput(planId, rows.Select(r => r.Value).ToArray(), policy, ContactsOf(roles));
    }

    /// <summary>The communicators and managers named as people; a group cannot be written to in a 1:1 chat.</summary>
    public static ReminderContacts ContactsOf(PlanRoles roles) => new(
        roles.WithRole(PlanRole.Communicator).Where(a => a.Kind == PrincipalKind.User).Select(a => new Owner(a.PrincipalId, a.DisplayName)).ToArray(),
        roles.WithRole(PlanRole.Manager).Where(a => a.Kind == PrincipalKind.User).Select(a => new Owner(a.PrincipalId, a.DisplayName)).ToArray());
}
