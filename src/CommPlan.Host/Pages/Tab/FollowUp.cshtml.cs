using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Application.PressReleases;
using CommPlan.Domain.PressReleases;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Tab;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>
/// Per unit: what was planned, what is done and what is late; the figures recorded, by metric; and the year's media
/// statistics, the press releases marked sent (seed 000 §2.4).
/// </summary>
public sealed class FollowUpModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock, MediaStatisticsService media,
    IStringLocalizer<TextTab> text)
    : TabPage(plans, activities, gate, clock)
{
    public override string View => "follow-up";
    public override string Heading => text["FollowUp_Title"];

    /// <summary>The sent press releases of the plan's year.</summary>
    public MediaStatistics? Media { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ActivityFilter.None, ct)) return;
        Media = (await media.ForYearAsync(Actor!, Plan!.Id, null, text["Media_NoUnit"], ct)).Statistics;
    }

    /// <summary>One row per unit with activities: planned (not cancelled), done and late.</summary>
    public IEnumerable<(string Name, int Planned, int Done, int Late)> ByUnit() =>
        Plan!.Units.Select(u =>
        {
            var items = Activities.Select(a => a.Value).Where(a => a.UnitKey == u.Key && a.Status != ActivityStatus.Cancelled).ToArray();
            return (u.Name, items.Length, items.Count(a => a.Status == ActivityStatus.Done), items.Count(a => a.IsLate(Today)));
        }).Where(r => r.Item2 > 0);

    /// <summary>Each metric with the activities that measure it, their latest figure and how many were recorded.</summary>
    public IEnumerable<(string Metric, (Activity Activity, FollowUpFigure? Latest, decimal Total)[] Rows)> ByMetric() =>
        Activities.Select(a => a.Value).Where(a => a.FollowUpMetric is not null)
            .GroupBy(a => a.FollowUpMetric!, StringComparer.CurrentCultureIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => (g.Key, g.Select(a => (a, a.FollowUpFigures.Count > 0 ? a.FollowUpFigures[^1] : null, a.FollowUpFigures.Sum(f => f.Value))).ToArray()));
}
