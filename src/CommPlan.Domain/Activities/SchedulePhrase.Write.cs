using System.Globalization;
using CommPlan.Domain.Calendar;

namespace CommPlan.Domain.Activities;

public static partial class SchedulePhrase
{
    private static readonly string[] SwedishMonths = ["jan", "feb", "mars", "april", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"];
    private static readonly string[] NorwegianMonths = ["jan", "feb", "mars", "april", "mai", "juni", "juli", "aug", "sep", "okt", "nov", "des"];

    /// <summary>
    /// The "Tid" cell for a schedule, as people write it in the plan's language ("maj och okt", "4 ggr/år",
    /// "löpande", "v. 12", "jan–mar"); a period no such phrase names is written as dates ("2027-03-15–2027-04-10").
    /// What is written is what <see cref="TryRead"/> reads back as the same schedule, so an exported plan imports
    /// as itself.
    /// </summary>
    public static string Write(Schedule schedule, int year, Country language)
    {
        var period = PeriodPhrase(schedule.Period, year, language);
        if (schedule.Recurrence is not { } recurrence) return period;
        var repeat = RecurrencePhrase(recurrence, language);
        // The plain phrase where it means exactly this schedule; else the repetition with its period in brackets.
        if (TryRead(repeat, year, out var plain) && plain == schedule) return repeat;
        return $"{repeat} ({period})";
    }

    private static string PeriodPhrase(Period period, int year, Country language)
    {
        var months = language == Country.Norway ? NorwegianMonths : SwedishMonths;
        if (period == Period.Year(year)) return language == Country.Norway ? "løpende" : "löpande";
        var wholeMonths = period.From.Day == 1 && period.To == Period.MonthEnd(period.To.Year, period.To.Month)
            && period.From.Year == year && period.To.Year == year;
        if (wholeMonths)
            return period.From.Month == period.To.Month
                ? months[period.From.Month - 1]
                : $"{months[period.From.Month - 1]}–{months[period.To.Month - 1]}";
        if (period.From.DayOfWeek == DayOfWeek.Monday && period.To.DayOfWeek == DayOfWeek.Sunday
            && ISOWeek.GetYear(period.From.ToDateTime(TimeOnly.MinValue)) == year && ISOWeek.GetYear(period.To.ToDateTime(TimeOnly.MinValue)) == year)
        {
            var first = ISOWeek.GetWeekOfYear(period.From.ToDateTime(TimeOnly.MinValue));
            var last = ISOWeek.GetWeekOfYear(period.To.ToDateTime(TimeOnly.MinValue));
            var word = language == Country.Norway ? "uke" : "v.";
            return first == last ? $"{word} {first}" : $"{word} {first}–{last}";
        }
        return period.From == period.To ? Iso(period.From) : $"{Iso(period.From)}–{Iso(period.To)}";
    }

    private static string RecurrencePhrase(Recurrence recurrence, Country language)
    {
        var norwegian = language == Country.Norway;
        return recurrence.Kind switch
        {
            RecurrenceKind.Monthly => norwegian ? "hver måned" : "varje månad",
            RecurrenceKind.PerTerm => norwegian ? "hvert semester" : "varje termin",
            RecurrenceKind.TimesPerYear => norwegian ? $"{recurrence.Count} ganger i året" : $"{recurrence.Count} ggr/år",
            RecurrenceKind.SpecificMonths => MonthList(recurrence.MonthNumbers, language),
            _ => throw new InvalidOperationException(recurrence.Kind.ToString()),
        };
    }

    /// <summary>"maj och okt", "feb, maj och okt".</summary>
    private static string MonthList(IReadOnlyList<int> numbers, Country language)
    {
        var months = language == Country.Norway ? NorwegianMonths : SwedishMonths;
        var names = numbers.Select(m => months[m - 1]).ToArray();
        if (names.Length == 1) return names[0];
        return $"{string.Join(", ", names[..^1])} {(language == Country.Norway ? "og" : "och")} {names[^1]}";
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
