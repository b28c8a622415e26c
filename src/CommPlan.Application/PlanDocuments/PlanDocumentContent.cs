using System.Globalization;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.PlanDocuments;

/// <summary>What goes into a plan document: the plan, its activity plan, its roles and what the communicator adds.</summary>
public sealed record PlanDocumentContent(
    Plan Plan,
    IReadOnlyList<Activity> Activities,
    PlanRoles Roles,
    string Status,
    DateOnly Generated,
    string? Strategy = null,
    IReadOnlyList<MediaContact>? MediaContacts = null);

/// <summary>How the activity plan's "Tid" column is written, as people write it: "jan–feb", "maj och okt", "4 ggr/år".</summary>
public static class PeriodText
{
    public static string Of(Activity activity, PlanDocumentWording wording)
    {
        var culture = CultureInfo.GetCultureInfo(wording.Language);
        string Month(int month) => culture.DateTimeFormat.GetAbbreviatedMonthName(month).TrimEnd('.');
        var period = activity.Period;
        if (activity.Recurrence is { } recurrence)
            return recurrence.Kind switch
            {
                RecurrenceKind.TimesPerYear => string.Format(culture, wording.TimesPerYear, recurrence.Count),
                RecurrenceKind.Monthly => wording.Monthly,
                RecurrenceKind.PerTerm => wording.PerTerm,
                _ => JoinWithAnd(recurrence.MonthNumbers.Select(Month).ToArray(), wording.And),
            };
        var wholeMonths = period.From.Day == 1 && period.To == Period.MonthEnd(period.To.Year, period.To.Month);
        if (!wholeMonths)
            return period.From == period.To
                ? period.From.ToString("d MMM", culture)
                : $"{period.From.ToString("d MMM", culture)}–{period.To.ToString("d MMM", culture)}";
        if (period.From.Month == 1 && period.To.Month == 12 && period.From.Year == period.To.Year) return wording.WholeYear;
        return period.From.Month == period.To.Month && period.From.Year == period.To.Year
            ? Month(period.From.Month)
            : $"{Month(period.From.Month)}–{Month(period.To.Month)}";
    }

    private static string JoinWithAnd(IReadOnlyList<string> items, string and) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " " + and + " " + items[^1];
}
