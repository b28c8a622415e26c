using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Overview;

/// <summary>An open activity as a person sees it in a list: what, where, when it is due next, and whether it is late.</summary>
public sealed record ActivityLine(Guid Id, string Title, string UnitName, DateOnly Due, bool IsLate, ActivityStatus Status, string? FollowUpMetric);

/// <summary>A person's open activities in the current plan, the most urgent first.</summary>
public sealed record OwnerAgenda(Plan Plan, DateOnly Today, IReadOnlyList<ActivityLine> Lines, int OpenCount, int LateCount);

/// <summary>
/// How far one unit (or the whole plan) has come. Every activity is counted once: <see cref="Late"/> takes the open
/// ones that are late, so <see cref="Planned"/> and <see cref="InProgress"/> are the open ones on time.
/// </summary>
public sealed record UnitProgress(string? UnitKey, string Name, int Total, int Planned, int InProgress, int Done, int Cancelled, int Late);

/// <summary>The plan's status at a glance: progress per unit, totals, and what is late.</summary>
public sealed record PlanStatus(Plan Plan, DateOnly Today, Unit? Unit, IReadOnlyList<UnitProgress> Units, UnitProgress Totals, IReadOnlyList<ActivityLine> Late);

/// <summary>A status answer, and the unit name asked for that matched no unit (then the status is the whole plan's).</summary>
public sealed record PlanStatusAnswer(PlanStatus Status, string? UnknownUnit);

/// <summary>Read-only views of the current plan for people in a hurry: "my activities" and "how is the plan going".</summary>
public sealed class PlanOverviewService(PlanService plans, ActivityService activities, OrganisationClock clock)
{
    /// <summary>
    /// The actor's open activities by next due date, late ones first; null when there is no plan. Activities given
    /// to someone by e-mail alone (picked in SharePoint) are theirs too: with no e-mail address on the actor,
    /// <paramref name="emailOf"/> is asked for it only when the plan has such owners, since finding it may cost a request.
    /// </summary>
    public async Task<OwnerAgenda?> AgendaAsync(Actor actor, Func<CancellationToken, Task<string?>>? emailOf, int max, CancellationToken ct)
    {
        var plan = await plans.FindCurrentAsync(actor, ct);
        if (plan is null) return null;
        var all = (await activities.ListAsync(actor, plan.Id, ActivityFilter.None, ct)).Select(v => v.Value).ToList();
        var email = actor.Email;
        if (email is null && emailOf is not null && all.Any(a => a.Owner is { ObjectId: null, Email: not null })) email = await emailOf(ct);
        var filter = new ActivityFilter { Owner = actor.ObjectId, OwnerEmail = email };
        return Agenda(plan, all.Where(a => filter.Matches(a, plan.Year, clock.Today)), clock.Today, max);
    }

    /// <summary>
    /// The plan's status for what a person asks: the unit they name (see <see cref="MatchUnit"/>), or with none named
    /// the unit they own most activities in, else the whole plan. A name that matches no unit gives the whole plan and
    /// is handed back, so the answer can say so. Null when there is no plan. One read of the plan and its activities.
    /// </summary>
    public async Task<PlanStatusAnswer?> StatusForAsync(Actor actor, string? unitText, bool ownUnitFirst, CancellationToken ct)
    {
        var plan = await plans.FindCurrentAsync(actor, ct);
        if (plan is null) return null;
        var all = (await activities.ListAsync(actor, plan.Id, ActivityFilter.None, ct)).Select(v => v.Value).ToList();
        Unit? unit = null;
        if (!string.IsNullOrWhiteSpace(unitText))
        {
            unit = MatchUnit(plan, unitText);
            if (unit is null) return new PlanStatusAnswer(Status(plan, null, all, clock.Today), unitText);
        }
        else if (ownUnitFirst)
        {
            unit = plan.FindUnit(HomeUnit(all, actor.ObjectId) ?? "");
        }
        return new PlanStatusAnswer(Status(plan, unit, all, clock.Today), null);
    }

    /// <summary>The open ones among a person's activities, late first, then by the date they are due.</summary>
    public static OwnerAgenda Agenda(Plan plan, IEnumerable<Activity> owned, DateOnly today, int max)
    {
        var open = owned
            .Where(a => a.Status is ActivityStatus.Planned or ActivityStatus.InProgress)
            .Select(a => Line(plan, a, today))
            .OrderByDescending(l => l.IsLate).ThenBy(l => l.Due).ThenBy(l => l.Title, StringComparer.CurrentCulture)
            .ToList();
        return new OwnerAgenda(plan, today, open.Take(max).ToList(), open.Count, open.Count(l => l.IsLate));
    }

    /// <summary>Progress of each unit (or the one given) over the activities, with the late ones listed.</summary>
    public static PlanStatus Status(Plan plan, Unit? unit, IEnumerable<Activity> activities, DateOnly today)
    {
        var all = activities.Where(a => unit is null || a.UnitKey == unit.Key).ToList();
        var units = plan.Units
            .Where(u => unit is null || u.Key == unit.Key)
            .Select(u => Progress(u.Key, u.Name, all.Where(a => a.UnitKey == u.Key), today))
            .ToList();
        var late = all.Where(a => a.IsLate(today)).Select(a => Line(plan, a, today)).OrderBy(l => l.Due).ToList();
        return new PlanStatus(plan, today, unit, units, Progress(null, plan.Title, all, today), late);
    }

    /// <summary>
    /// The unit a person most likely means: exact key or name first, then a name that starts with or contains the
    /// words typed ("kultur" finds "Kultur och fritid"), ignoring case.
    /// </summary>
    public static Unit? MatchUnit(Plan plan, string text)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        return plan.Units.FirstOrDefault(u => string.Equals(u.Key, t, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Name, t, StringComparison.CurrentCultureIgnoreCase))
            ?? plan.Units.FirstOrDefault(u => u.Name.StartsWith(t, StringComparison.CurrentCultureIgnoreCase))
            ?? plan.Units.FirstOrDefault(u => u.Name.Contains(t, StringComparison.CurrentCultureIgnoreCase));
    }

    /// <summary>The unit in which the person owns most activities, so "plan" shows their own unit first.</summary>
    private static string? HomeUnit(IEnumerable<Activity> activities, Guid ownerId) =>
        activities.Where(a => a.Owner?.ObjectId == ownerId)
            .GroupBy(a => a.UnitKey)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();

    private static ActivityLine Line(Plan plan, Activity a, DateOnly today)
    {
        var late = a.IsLate(today);
        // A late activity is due at its earliest missed deadline; an open one at its next.
        var due = late
            ? a.Occurrences.Where(o => o.IsLate(today)).Select(o => (DateOnly?)o.Deadline).FirstOrDefault() ?? a.Deadline
            : a.NextDeadline(today) ?? a.Deadline;
        return new ActivityLine(a.Id, a.Title, plan.FindUnit(a.UnitKey)?.Name ?? a.UnitKey, due, late, a.Status, a.FollowUpMetric);
    }

    private static UnitProgress Progress(string? key, string name, IEnumerable<Activity> activities, DateOnly today)
    {
        var list = activities.ToList();
        return new UnitProgress(key, name, list.Count,
            list.Count(a => a.Status == ActivityStatus.Planned && !a.IsLate(today)), list.Count(a => a.Status == ActivityStatus.InProgress && !a.IsLate(today)),
            list.Count(a => a.Status == ActivityStatus.Done), list.Count(a => a.Status == ActivityStatus.Cancelled),
            list.Count(a => a.IsLate(today)));
    }
}
