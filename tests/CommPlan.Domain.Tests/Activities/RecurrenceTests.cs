using CommPlan.Domain.Activities;
using static CommPlan.Domain.Tests.TestPlan;

namespace CommPlan.Domain.Tests.Activities;

public sealed class RecurrenceTests
{
    private static string[] Deadlines(Recurrence recurrence, Period period) =>
        recurrence.Deadlines(period).Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Four_times_a_year_gives_the_quarter_ends()
    {
        Assert.Equal(
            ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"],
            Deadlines(Recurrence.TimesPerYear(4), Period.Year(2026)));
    }

    [Fact]
    public void Twice_a_year_gives_the_half_year_ends()
    {
        Assert.Equal(["2026-06-30", "2026-12-31"], Deadlines(Recurrence.TimesPerYear(2), Period.Year(2026)));
    }

    [Fact]
    public void Five_times_a_year_gives_five_evenly_spread_deadlines_ending_on_the_last_day()
    {
        var deadlines = Recurrence.TimesPerYear(5).Deadlines(Period.Year(2026));

        Assert.Equal(5, deadlines.Count);
        Assert.Equal(Day("2026-12-31"), deadlines[^1]);
        Assert.All(deadlines.Zip(deadlines.Skip(1)), pair =>
        {
            var gap = pair.Second.DayNumber - pair.First.DayNumber;
            Assert.InRange(gap, 72, 74);
        });
        Assert.InRange(deadlines[0].DayNumber - Day("2026-01-01").DayNumber + 1, 72, 74);
    }

    [Fact]
    public void Monthly_gives_the_twelve_month_ends_with_february_28_in_2026()
    {
        Assert.Equal(
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
             "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31"],
            Deadlines(Recurrence.Monthly(), Period.Year(2026)));
    }

    [Fact]
    public void Monthly_in_a_leap_year_ends_february_on_the_29th()
    {
        var deadlines = Recurrence.Monthly().Deadlines(Period.Year(2028));

        Assert.Equal(12, deadlines.Count);
        Assert.Equal(Day("2028-02-29"), deadlines[1]);
    }

    [Fact]
    public void Specific_months_give_the_ends_of_those_months()
    {
        Assert.Equal(["2026-05-31", "2026-10-31"], Deadlines(Recurrence.SpecificMonths([5, 10]), Period.Year(2026)));
    }

    [Fact]
    public void Specific_months_outside_the_period_give_no_deadline()
    {
        Assert.Equal(["2026-05-31"], Deadlines(Recurrence.SpecificMonths([1, 5, 10]), Period.Months(2026, 3, 8)));
    }

    [Fact]
    public void Per_term_gives_the_ends_of_the_spring_and_autumn_terms()
    {
        Assert.Equal(["2026-06-30", "2026-12-31"], Deadlines(Recurrence.PerTerm(), Period.Year(2026)));
    }

    [Fact]
    public void Monthly_deadlines_are_clamped_to_a_period_that_ends_mid_month()
    {
        Assert.Equal(
            ["2026-01-31", "2026-02-28", "2026-03-15"],
            Deadlines(Recurrence.Monthly(), new Period(Day("2026-01-10"), Day("2026-03-15"))));
    }

    [Fact]
    public void Per_term_deadline_is_clamped_to_a_period_that_ends_mid_term()
    {
        Assert.Equal(["2026-06-30", "2026-09-15"], Deadlines(Recurrence.PerTerm(), new Period(Day("2026-01-01"), Day("2026-09-15"))));
    }

    [Fact]
    public void Times_per_year_over_a_period_ending_mid_month_ends_on_its_last_day()
    {
        var deadlines = Recurrence.TimesPerYear(4).Deadlines(new Period(Day("2026-01-01"), Day("2026-11-15")));

        Assert.Equal(4, deadlines.Count);
        Assert.Equal(Day("2026-11-15"), deadlines[^1]);
        Assert.Equal(deadlines.Order(), deadlines);
    }

    [Fact]
    public void Deadlines_never_repeat_when_the_period_is_shorter_than_the_count()
    {
        var deadlines = Recurrence.TimesPerYear(52).Deadlines(new Period(Day("2026-03-01"), Day("2026-03-10")));

        Assert.Equal(10, deadlines.Count);
        Assert.Equal(deadlines.Distinct(), deadlines);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(53)]
    public void Times_per_year_must_be_between_1_and_52(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Recurrence.TimesPerYear(count));
    }

    [Fact]
    public void Specific_months_must_be_calendar_months()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Recurrence.SpecificMonths([0, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Recurrence.SpecificMonths([13]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Recurrence.SpecificMonths([]));
    }

    [Fact]
    public void Specific_months_are_sorted_and_deduplicated()
    {
        Assert.Equal([5, 10], Recurrence.SpecificMonths([10, 5, 10]).MonthNumbers);
    }

    [Fact]
    public void Recurrences_are_equal_by_value()
    {
        Assert.Equal(Recurrence.SpecificMonths([5, 10]), Recurrence.SpecificMonths([10, 5]));
        Assert.Equal(Recurrence.SpecificMonths([5, 10]).GetHashCode(), Recurrence.SpecificMonths([10, 5]).GetHashCode());
        Assert.Equal(Recurrence.TimesPerYear(4), Recurrence.TimesPerYear(4));
        Assert.Equal(Recurrence.Monthly(), Recurrence.Monthly());
        Assert.NotEqual(Recurrence.SpecificMonths([5, 10]), Recurrence.SpecificMonths([5, 11]));
        Assert.NotEqual(Recurrence.TimesPerYear(4), Recurrence.TimesPerYear(5));
        Assert.NotEqual(Recurrence.Monthly(), Recurrence.PerTerm());
    }
}
