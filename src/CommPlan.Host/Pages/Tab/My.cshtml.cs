using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>The personal tab: the signed-in person's own activities in the current plan, with the list's filters.</summary>
public sealed class MyModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text)
    : ListModel(plans, activities, gate, clock, text)
{
    private readonly IStringLocalizer<TextTab> _text = text;

    public override string View => "my";
    public override string Heading => _text["My_Title"];

    public override Task OnGetAsync(CancellationToken ct)
    {
        Mine = true;
        return base.OnGetAsync(ct);
    }
}
