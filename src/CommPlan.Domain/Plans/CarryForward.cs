using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Plans;

/// <summary>What to take along into next year's plan besides the recurring activities.</summary>
public sealed record CarryForwardChoices(int Year, IReadOnlySet<Guid> OneOffsToTake);

/// <summary>Next year's plan and the activities carried into it.</summary>
public sealed record CarriedPlan(Plan Plan, IReadOnlyList<Activity> Activities);

/// <summary>
/// Starts a new year's plan from an earlier one: the same goals and vocabularies; the activities that come back
/// every year (a recurrence, or running the whole year like "löpande") moved to the new year with their owners; a
/// one-off only when chosen. What belongs to the old year stays there: status, completion, occurrence progress and
/// follow-up figures.
/// </summary>
public static class CarryForward
{
    public static CarriedPlan Carry(Plan source, IEnumerable<Activity> activities, CarryForwardChoices choices, Guid newPlanId,
        Func<Guid> newActivityId, DateOnly today)
    {
        var shift = choices.Year - source.Year;
        var plan = Plan.Create(newPlanId, choices.Year, source.Organisation, source.Department, NextTitle(source.Title, source.Year, choices.Year),
            source.Goals, source.TargetGroups, source.Channels, source.Units);
        var carried = activities
            .Where(a => IsRecurring(a, source) || choices.OneOffsToTake.Contains(a.Id))
            .OrderBy(a => a.Period.From).ThenBy(a => a.Title, StringComparer.Ordinal)
            .Select(a => Activity.Create(newActivityId(), plan, Moved(a, shift), today))
            .ToArray();
        return new CarriedPlan(plan, carried);
    }

    /// <summary>Comes back every year: it repeats within the year, or runs through all of it.</summary>
    public static bool IsRecurring(Activity activity, Plan plan) =>
        activity.Recurrence is not null || (activity.Period.From == plan.FirstDay && activity.Period.To == plan.LastDay);

    /// <summary>
    /// The same row, years later. <see cref="DateOnly.AddYears"/> moves 29 February to 28 February. A deadline that
    /// was the default (the period's end or last occurrence) is left to default again, so it follows the new calendar.
    /// </summary>
    private static ActivityDetails Moved(Activity a, int years)
    {
        var period = new Period(a.Period.From.AddYears(years), ShiftEnd(a.Period.To, years));
        var defaultDeadline = a.Occurrences.Count > 0 ? a.Occurrences[^1].Deadline : a.Period.To;
        return new ActivityDetails
        {
            Title = a.Title,
            Description = a.Description,
            UnitKey = a.UnitKey,
            Period = period,
            Deadline = a.Deadline == defaultDeadline ? null : ShiftEnd(a.Deadline, years),
            Recurrence = a.Recurrence,
            Channels = a.Channels,
            TargetGroups = a.TargetGroups,
            Goals = a.Goals,
            Owner = a.Owner,
            FollowUpMetric = a.FollowUpMetric,
        };
    }

    /// <summary>A month's last day stays the month's last day (28 February 2027 → 29 February 2028).</summary>
    private static DateOnly ShiftEnd(DateOnly day, int years)
    {
        var moved = day.AddYears(years);
        return day == Period.MonthEnd(day.Year, day.Month) ? Period.MonthEnd(moved.Year, moved.Month) : moved;
    }

    /// <summary>"Kommunikationsplan 2026" becomes "Kommunikationsplan 2027"; a title without the year stays.</summary>
    private static string NextTitle(string title, int from, int to) =>
        title.Replace(from.ToString(System.Globalization.CultureInfo.InvariantCulture), to.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
