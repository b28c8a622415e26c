using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Tests.Activities;

/// <summary>The "Tid" column as written in real Swedish and Norwegian activity plans.</summary>
public sealed class SchedulePhraseTests
{
    private const int Year = 2026;

    /// <summary>"-" for no recurrence, else the kind with its count or months.</summary>
    private static string Describe(Recurrence? recurrence) => recurrence switch
    {
        null => "-",
        { Kind: RecurrenceKind.TimesPerYear } r => $"TimesPerYear {r.Count}",
        { Kind: RecurrenceKind.SpecificMonths } r => $"SpecificMonths {string.Join(",", r.MonthNumbers)}",
        { } r => r.Kind.ToString(),
    };

    [Theory]
    // Swedish, as written in a real activity plan
    [InlineData("jan-feb", 1, 2, "-")]
    [InlineData("jan–feb", 1, 2, "-")]
    [InlineData("Feb-april", 2, 4, "-")]
    [InlineData("feb", 2, 2, "-")]
    [InlineData("mars", 3, 3, "-")]
    [InlineData("maj", 5, 5, "-")]
    [InlineData("maj och okt", 5, 10, "SpecificMonths 5,10")]
    [InlineData("aug", 8, 8, "-")]
    [InlineData("oktober", 10, 10, "-")]
    [InlineData("4ggr/år", 1, 12, "TimesPerYear 4")]
    [InlineData("4 ggr/år", 1, 12, "TimesPerYear 4")]
    [InlineData("1 ggr/år", 1, 12, "-")]
    [InlineData("2 ggr/år", 1, 12, "TimesPerYear 2")]
    [InlineData("3 ggr/år", 1, 12, "TimesPerYear 3")]
    [InlineData("13 ggr/år", 1, 12, "TimesPerYear 13")]
    [InlineData("1 tillfälle per termin", 1, 12, "PerTerm")]
    [InlineData("1 tillfälle per år", 1, 12, "-")]
    [InlineData("Löpande", 1, 12, "-")]
    [InlineData("jan-dec", 1, 12, "-")]
    [InlineData("varje månad", 1, 12, "Monthly")]
    // Other Swedish ways of writing the same things
    [InlineData("  Maj  ", 5, 5, "-")]
    [InlineData("LÖPANDE", 1, 12, "-")]
    [InlineData("Hela året", 1, 12, "-")]
    [InlineData("januari - mars", 1, 3, "-")]
    [InlineData("sept.", 9, 9, "-")]
    [InlineData("mars, maj och sept", 3, 9, "SpecificMonths 3,5,9")]
    [InlineData("2 gånger per år", 1, 12, "TimesPerYear 2")]
    [InlineData("4 gånger om året", 1, 12, "TimesPerYear 4")]
    [InlineData("en gång per år", 1, 12, "-")]
    [InlineData("1 gång i månaden", 1, 12, "Monthly")]
    [InlineData("en gång i månaden", 1, 12, "Monthly")]
    [InlineData("1 ggr/mån", 1, 12, "Monthly")]
    [InlineData("1 ggr/månad", 1, 12, "Monthly")]
    [InlineData("månadsvis", 1, 12, "Monthly")]
    [InlineData("kvartalsvis", 1, 12, "TimesPerYear 4")]
    [InlineData("varje termin", 1, 12, "PerTerm")]
    [InlineData("1 ggr/termin", 1, 12, "PerTerm")]
    // Norwegian
    [InlineData("hver måned", 1, 12, "Monthly")]
    [InlineData("mai og okt", 5, 10, "SpecificMonths 5,10")]
    [InlineData("desember", 12, 12, "-")]
    [InlineData("løpende", 1, 12, "-")]
    [InlineData("fortløpende", 1, 12, "-")]
    [InlineData("Hele året", 1, 12, "-")]
    [InlineData("4 ganger i året", 1, 12, "TimesPerYear 4")]
    [InlineData("2 ganger per år", 1, 12, "TimesPerYear 2")]
    [InlineData("januar–mars", 1, 3, "-")]
    [InlineData("1 gang i måneden", 1, 12, "Monthly")]
    [InlineData("en gang i måneden", 1, 12, "Monthly")]
    [InlineData("månedlig", 1, 12, "Monthly")]
    [InlineData("hvert semester", 1, 12, "PerTerm")]
    [InlineData("en gang per semester", 1, 12, "PerTerm")]
    [InlineData("hvert kvartal", 1, 12, "TimesPerYear 4")]
    public void Phrase_is_read_as_period_and_recurrence(string text, int firstMonth, int lastMonth, string recurrence)
    {
        Assert.True(SchedulePhrase.TryParse(text, Year, out var schedule), $"'{text}' was not understood");

        Assert.Equal(Period.Months(Year, firstMonth, lastMonth), schedule.Period);
        Assert.Equal(recurrence, Describe(schedule.Recurrence));
    }

    [Fact]
    public void Period_falls_in_the_given_year()
    {
        Assert.True(SchedulePhrase.TryParse("feb", 2028, out var schedule));

        Assert.Equal(new Period(new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)), schedule.Period);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sometime")]
    [InlineData("maj och sometime")]
    [InlineData("dec-jan")]
    [InlineData("99 ggr/år")]
    [InlineData("0 ggr/år")]
    [InlineData("ggr/år")]
    public void Unreadable_phrase_is_not_understood(string? text)
    {
        Assert.False(SchedulePhrase.TryParse(text, Year, out _));
    }

    [Fact]
    public void Parsed_schedule_makes_a_valid_activity()
    {
        var plan = TestPlan.Create(Year);
        Assert.True(SchedulePhrase.TryParse("maj och okt", Year, out var schedule));

        var activity = TestPlan.NewActivity(plan, TestPlan.Details(Year) with { Period = schedule.Period, Recurrence = schedule.Recurrence });

        Assert.Equal([new DateOnly(Year, 5, 31), new DateOnly(Year, 10, 31)], activity.Occurrences.Select(o => o.Deadline));
    }
}
