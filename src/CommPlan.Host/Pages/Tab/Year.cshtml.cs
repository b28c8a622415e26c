using System.Text.Encodings.Web;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Tab;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>The year at a glance: months across, units down, each activity a bar over its period; and the year wheel.</summary>
public sealed class YearModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text, HtmlEncoder encoder)
    : TabPage(plans, activities, gate, clock)
{
    private YearMarkup? _markup;

    public override string View => "year";
    public override string Heading => text["Year_Title"];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ActivityFilter.None, ct);

    /// <summary>The rows, arcs and list written per activity; only asked for once the plan is loaded.</summary>
    public YearMarkup Markup => _markup ??= new YearMarkup(this, Activities.Select(a => a.Value), text, encoder);

    /// <summary>Units in the plan's order, each with its activities; units without any are left out of the grid.</summary>
    public IEnumerable<(string Key, string Name, Activity[] Activities)> ByUnit() =>
        Plan!.Units.Select(u => (u.Key, u.Name, Activities.Select(a => a.Value).Where(a => a.UnitKey == u.Key).ToArray()))
            .Where(u => u.Item3.Length > 0);
}
