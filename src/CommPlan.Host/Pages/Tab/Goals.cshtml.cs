using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Tab;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>How the communication serves each goal: the activities that serve it with their status, and the goals nothing serves.</summary>
public sealed class GoalsModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text)
    : TabPage(plans, activities, gate, clock)
{
    public override string View => "goals";
    public override string Heading => text["Goals_Title"];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ActivityFilter.None, ct);

    public Activity[] Serving(string goal) => Activities.Select(a => a.Value).Where(a => a.Goals.Contains(goal) && a.Status != ActivityStatus.Cancelled).ToArray();

    /// <summary>Goals no activity (other than a cancelled one) serves: what the plan promises and does nothing for.</summary>
    public IEnumerable<CommPlan.Domain.Plans.Goal> Unserved() => Plan!.Goals.Where(g => Serving(g.Key).Length == 0);
}
