using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Tab;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>The year at a glance: months across, units down, each activity a bar over its period; and the year wheel.</summary>
public sealed class YearModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, IStringLocalizer<TextTab> text)
    : TabPage(plans, activities, gate, clock)
{
    public override string View => "year";
    public override string Heading => text["Year_Title"];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ActivityFilter.None, ct);

    /// <summary>Units in the plan's order, each with its activities; units without any are left out of the grid.</summary>
    public IEnumerable<(string Key, string Name, Activity[] Activities)> ByUnit() =>
        Plan!.Units.Select(u => (u.Key, u.Name, Activities.Select(a => a.Value).Where(a => a.UnitKey == u.Key).ToArray()))
            .Where(u => u.Item3.Length > 0);

    public IEnumerable<Activity> In(int month) => Activities.Select(a => a.Value).Where(a => a.IsActiveIn(Plan!.Year, month));

    /// <summary>"March–May 2026" or "3 March 2026" for a single day: the period in words, for those who do not see the bar.</summary>
    public string PeriodText(Period p) =>
        p.From == p.To ? Date(p.From)
        : p.From.Day == 1 && p.To.Day == DateTime.DaysInMonth(p.To.Year, p.To.Month)
            ? (p.From.Month == p.To.Month ? MonthName(p.From.Month) : $"{MonthName(p.From.Month)}–{MonthName(p.To.Month)}")
            : $"{Date(p.From)} – {Date(p.To)}";
}
