using System.Globalization;
using CommPlan.Domain.Calendar;
using Xunit;

namespace CommPlan.Domain.Tests.Calendar;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Sweden = new(Country.Sweden);
    private static readonly WorkingDayCalendar Norway = new(Country.Norway);

    public static TheoryData<WorkingDayCalendar> AllCalendars => new()
    {
        Sweden,
        Norway,
        WorkingDayCalendar.SwedishDefault,
        WorkingDayCalendar.NorwegianDefault,
        new WorkingDayCalendar(
            Country.Sweden,
            Enum.GetValues<ExtraDayOff>(),
            [D("2026-03-11"), D("2027-01-05")]),
        new WorkingDayCalendar(Country.Sweden, workingDays: [DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday]),
        new WorkingDayCalendar(Country.Norway, [], workingDays: Enum.GetValues<DayOfWeek>(), observePublicHolidays: false),
    };

    [Fact]
    public void Configured_working_weekdays_replace_monday_to_friday()
    {
        var tuesdayToSaturday = new WorkingDayCalendar(Country.Sweden,
            workingDays: [DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday]);
        Assert.False(tuesdayToSaturday.IsWorkingDay(D("2026-03-09"))); // Monday
        Assert.True(tuesdayToSaturday.IsWorkingDay(D("2026-03-07"))); // Saturday
        Assert.False(tuesdayToSaturday.IsWorkingDay(D("2026-06-20"))); // midsommardagen, a Saturday
        Assert.Equal(D("2026-03-10"), tuesdayToSaturday.AddWorkingDays(D("2026-03-07"), 1)); // Saturday → Tuesday
    }

    [Fact]
    public void A_sunday_configured_as_a_working_day_is_worked_but_easter_sunday_is_not()
    {
        var everyDay = new WorkingDayCalendar(Country.Sweden, workingDays: Enum.GetValues<DayOfWeek>());
        Assert.True(everyDay.IsWorkingDay(D("2026-03-08")));
        Assert.True(everyDay.IsPublicHoliday(D("2026-03-08"))); // still a holiday by law
        Assert.False(everyDay.IsWorkingDay(D("2026-04-05")));
        Assert.False(everyDay.IsWorkingDay(D("2026-12-25")));
    }

    [Theory]
    [InlineData("2026-04-05")] // Easter Sunday
    [InlineData("2026-12-25")] // Christmas Day
    [InlineData("2026-06-20")] // midsommardagen
    [InlineData("2026-03-08")] // an ordinary Sunday
    public void An_organisation_working_every_day_through_public_holidays_has_no_day_off_but_its_extra_ones(string date)
    {
        var always = new WorkingDayCalendar(Country.Sweden, [ExtraDayOff.ChristmasEve], workingDays: Enum.GetValues<DayOfWeek>(), observePublicHolidays: false);
        Assert.True(always.IsWorkingDay(D(date)));
        Assert.True(always.IsPublicHoliday(D(date)));
        Assert.False(always.IsWorkingDay(D("2026-12-24")));
    }

    [Fact]
    public void Public_holidays_worked_through_still_leave_the_other_weekdays_off()
    {
        var weekdaysThroughHolidays = new WorkingDayCalendar(Country.Sweden, observePublicHolidays: false);
        Assert.True(weekdaysThroughHolidays.IsWorkingDay(D("2026-12-25"))); // a Friday
        Assert.False(weekdaysThroughHolidays.IsWorkingDay(D("2026-03-07"))); // a Saturday
    }

    [Fact]
    public void A_calendar_without_any_working_weekday_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WorkingDayCalendar(Country.Sweden, workingDays: []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingDayCalendar(Country.Sweden, workingDays: [(DayOfWeek)7]));
    }

    [Theory]
    [InlineData("2026-03-07")] // Saturday
    [InlineData("2026-03-08")] // Sunday
    public void Weekends_are_not_working_days(string date)
    {
        Assert.False(Sweden.IsWorkingDay(D(date)));
        Assert.False(Norway.IsWorkingDay(D(date)));
    }

    [Fact]
    public void An_ordinary_weekday_is_a_working_day()
    {
        Assert.True(Sweden.IsWorkingDay(D("2026-03-10")));
        Assert.True(Norway.IsWorkingDay(D("2026-03-10")));
    }

    [Theory]
    [InlineData("2026-01-06")] // Trettondedag jul, Tuesday
    [InlineData("2026-04-03")] // Långfredagen
    [InlineData("2026-05-14")] // Kristi himmelsfärdsdag, Thursday
    [InlineData("2025-06-06")] // Nationaldagen, Friday
    public void A_swedish_public_holiday_on_a_weekday_is_not_a_working_day(string date)
    {
        Assert.True(Sweden.IsPublicHoliday(D(date)));
        Assert.False(Sweden.IsWorkingDay(D(date)));
    }

    [Fact]
    public void Norwegian_17_may_on_a_weekday_is_not_a_working_day()
    {
        var constitutionDay = D("2029-05-17"); // Thursday

        Assert.True(Norway.IsPublicHoliday(constitutionDay));
        Assert.False(Norway.IsWorkingDay(constitutionDay));
        Assert.True(Sweden.IsWorkingDay(constitutionDay));
    }

    [Fact]
    public void Norwegian_maundy_thursday_is_not_a_working_day_but_swedish_is()
    {
        Assert.False(Norway.IsWorkingDay(D("2026-04-02")));
        Assert.True(Sweden.IsWorkingDay(D("2026-04-02")));
    }

    [Fact]
    public void Swedish_whit_monday_is_a_working_day_while_norwegian_is_not()
    {
        var whitMonday = D("2026-05-25");

        Assert.True(Sweden.IsWorkingDay(whitMonday));
        Assert.False(Sweden.IsPublicHoliday(whitMonday));
        Assert.False(Norway.IsWorkingDay(whitMonday));
        Assert.True(Norway.IsPublicHoliday(whitMonday));
    }

    [Fact]
    public void Every_sunday_is_a_public_holiday_by_law()
    {
        Assert.True(Sweden.IsPublicHoliday(D("2026-03-08")));
        Assert.True(Norway.IsPublicHoliday(D("2026-03-08")));
        Assert.False(Sweden.IsPublicHoliday(D("2026-03-07"))); // Saturday
    }

    [Fact]
    public void Swedish_midsummer_eve_is_a_working_day_unless_configured()
    {
        var midsummerEve = D("2026-06-19"); // Friday

        Assert.True(Sweden.IsWorkingDay(midsummerEve));
        Assert.False(WorkingDayCalendar.SwedishDefault.IsWorkingDay(midsummerEve));
        Assert.False(WorkingDayCalendar.SwedishDefault.IsPublicHoliday(midsummerEve));
    }

    [Fact]
    public void Swedish_midsummer_eve_is_the_friday_between_19_and_25_june()
    {
        var calendar = new WorkingDayCalendar(Country.Sweden, [ExtraDayOff.MidsummerEve]);
        for (var year = 2000; year <= 2100; year++)
        {
            var june = Enumerable.Range(19, 7).Select(day => new DateOnly(year, 6, day));
            var daysOff = june.Where(d => Sweden.IsWorkingDay(d) && !calendar.IsWorkingDay(d)).ToList();

            var eve = Assert.Single(daysOff);
            Assert.Equal(DayOfWeek.Friday, eve.DayOfWeek);
        }
    }

    [Fact]
    public void Norwegian_midsummer_eve_is_23_june_when_configured()
    {
        var calendar = new WorkingDayCalendar(Country.Norway, [ExtraDayOff.MidsummerEve]);

        Assert.True(Norway.IsWorkingDay(D("2026-06-23"))); // Tuesday
        Assert.False(calendar.IsWorkingDay(D("2026-06-23")));
        Assert.True(calendar.IsWorkingDay(D("2026-06-19")));
    }

    [Fact]
    public void Christmas_eve_and_new_years_eve_are_working_days_unless_configured()
    {
        // Both are Thursdays in 2026.
        foreach (var eve in new[] { D("2026-12-24"), D("2026-12-31") })
        {
            Assert.True(Sweden.IsWorkingDay(eve));
            Assert.True(Norway.IsWorkingDay(eve));
            Assert.False(WorkingDayCalendar.SwedishDefault.IsWorkingDay(eve));
            Assert.False(WorkingDayCalendar.NorwegianDefault.IsWorkingDay(eve));
        }
    }

    [Fact]
    public void Norwegian_default_does_not_give_midsummer_eve_off()
    {
        Assert.True(WorkingDayCalendar.NorwegianDefault.IsWorkingDay(D("2026-06-23")));
        Assert.True(WorkingDayCalendar.NorwegianDefault.IsWorkingDay(D("2026-06-19")));
    }

    [Fact]
    public void Default_calendars_expose_their_configuration()
    {
        Assert.Equal(Country.Sweden, WorkingDayCalendar.SwedishDefault.Country);
        Assert.True(WorkingDayCalendar.SwedishDefault.ExtraDaysOff.SetEquals(
            [ExtraDayOff.MidsummerEve, ExtraDayOff.ChristmasEve, ExtraDayOff.NewYearsEve]));
        Assert.Equal(Country.Norway, WorkingDayCalendar.NorwegianDefault.Country);
        Assert.True(WorkingDayCalendar.NorwegianDefault.ExtraDaysOff.SetEquals(
            [ExtraDayOff.ChristmasEve, ExtraDayOff.NewYearsEve]));
        Assert.Empty(Sweden.ExtraDaysOff);
    }

    [Fact]
    public void Extra_dates_are_not_working_days()
    {
        var closureDay = D("2026-03-11"); // Wednesday
        var calendar = new WorkingDayCalendar(Country.Sweden, extraDates: [closureDay]);

        Assert.False(calendar.IsWorkingDay(closureDay));
        Assert.False(calendar.IsPublicHoliday(closureDay));
        Assert.True(calendar.IsWorkingDay(closureDay.AddDays(1)));
        Assert.Equal(D("2026-03-12"), calendar.AddWorkingDays(D("2026-03-10"), 1));
    }

    [Fact]
    public void Easter_eve_and_whitsun_eve_fall_on_saturdays()
    {
        var calendar = new WorkingDayCalendar(Country.Sweden, [ExtraDayOff.EasterEve, ExtraDayOff.WhitsunEve]);

        Assert.Equal(
            CountYear(Sweden, 2026),
            CountYear(calendar, 2026));
        Assert.False(calendar.IsWorkingDay(D("2026-04-04")));
        Assert.False(calendar.IsWorkingDay(D("2026-05-23")));
    }

    [Fact]
    public void Unknown_enum_values_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingDayCalendar((Country)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkingDayCalendar(Country.Sweden, [(ExtraDayOff)42]));
    }

    [Theory]
    [InlineData(Country.Sweden, "2026-03-31")] // 6 Apr (Annandag påsk) and 3 Apr (Långfredagen) skipped.
    [InlineData(Country.Norway, "2026-03-30")] // Also 2 Apr (Skjærtorsdag) skipped.
    public void Three_working_days_before_the_tuesday_after_easter_skip_the_easter_holidays(Country country, string expected)
    {
        var calendar = new WorkingDayCalendar(country);

        Assert.Equal(D(expected), calendar.WorkingDaysBefore(D("2026-04-07"), 3));
    }

    [Fact]
    public void Working_days_before_skip_christmas_and_new_year_with_swedish_default()
    {
        // 6 Jan 2027 is Trettondedag jul; 31 Dec and 1 Jan are off; 24–27 Dec are off with the default.
        var thursdayAfterEpiphany = D("2027-01-07");

        Assert.Equal(D("2026-12-28"), WorkingDayCalendar.SwedishDefault.WorkingDaysBefore(thursdayAfterEpiphany, 5));
        Assert.Equal(D("2026-12-22"), WorkingDayCalendar.SwedishDefault.WorkingDaysBefore(thursdayAfterEpiphany, 7));
        Assert.Equal(D("2026-12-29"), Sweden.WorkingDaysBefore(thursdayAfterEpiphany, 5));
    }

    [Theory]
    [InlineData("2026-03-09", 1, "2026-03-06")] // Monday -> previous Friday
    [InlineData("2026-03-09", 3, "2026-03-04")]
    [InlineData("2026-03-08", 1, "2026-03-06")] // From a Sunday
    [InlineData("2026-03-13", 5, "2026-03-06")] // A full week
    public void Working_days_before_skip_weekends(string date, int n, string expected)
    {
        Assert.Equal(D(expected), Sweden.WorkingDaysBefore(D(date), n));
    }

    [Fact]
    public void Add_working_days_forward_skips_midsummer()
    {
        var wednesday = D("2026-06-17");

        Assert.Equal(D("2026-06-22"), WorkingDayCalendar.SwedishDefault.AddWorkingDays(wednesday, 2));
        Assert.Equal(D("2026-06-19"), Sweden.AddWorkingDays(wednesday, 2));
    }

    [Fact]
    public void Add_working_days_with_a_negative_count_goes_backward()
    {
        Assert.Equal(D("2026-03-31"), Sweden.AddWorkingDays(D("2026-04-07"), -3));
        Assert.Equal(D("2026-04-07"), Sweden.AddWorkingDays(D("2026-03-31"), 3));
    }

    [Theory]
    [InlineData("2026-03-07")] // Saturday
    [InlineData("2026-04-03")] // Good Friday
    [InlineData("2026-03-10")] // Working day
    public void Adding_zero_working_days_returns_the_date_unchanged(string date)
    {
        Assert.Equal(D(date), Sweden.AddWorkingDays(D(date), 0));
        Assert.Equal(D(date), Sweden.WorkingDaysBefore(D(date), 0));
    }

    [Fact]
    public void Adding_working_days_from_a_weekend_lands_on_working_days()
    {
        Assert.Equal(D("2026-03-09"), Sweden.AddWorkingDays(D("2026-03-07"), 1));
        Assert.Equal(D("2026-03-06"), Sweden.AddWorkingDays(D("2026-03-07"), -1));
    }

    [Fact]
    public void Working_days_before_with_a_negative_count_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sweden.WorkingDaysBefore(D("2026-04-07"), -1));
    }

    [Fact]
    public void Next_and_previous_working_day_skip_holidays_and_weekends()
    {
        Assert.Equal(D("2026-04-07"), Sweden.NextWorkingDayOnOrAfter(D("2026-04-03")));
        Assert.Equal(D("2026-04-02"), Sweden.PreviousWorkingDayOnOrBefore(D("2026-04-06")));
        Assert.Equal(D("2026-04-01"), Norway.PreviousWorkingDayOnOrBefore(D("2026-04-06")));
        Assert.Equal(D("2026-03-10"), Sweden.NextWorkingDayOnOrAfter(D("2026-03-10")));
        Assert.Equal(D("2026-03-10"), Sweden.PreviousWorkingDayOnOrBefore(D("2026-03-10")));
    }

    [Fact]
    public void Working_days_in_2026_are_weekdays_minus_weekday_holidays()
    {
        // 2026 starts on a Thursday and has 365 days: 52 weeks + 1 Thursday = 261 weekdays.
        // Sweden, weekday holidays: 1 Jan, 6 Jan, 3 Apr, 6 Apr, 1 May, 14 May, 25 Dec = 7 -> 254.
        // Swedish default adds midsummer eve 19 Jun (Fri), 24 Dec (Thu), 31 Dec (Thu) -> 251.
        // Norway, weekday holidays: 1 Jan, 2 Apr, 3 Apr, 6 Apr, 1 May, 14 May, 25 May, 25 Dec = 8 -> 253.
        // Norwegian default adds 24 Dec and 31 Dec -> 251.
        Assert.Equal(254, CountYear(Sweden, 2026));
        Assert.Equal(251, CountYear(WorkingDayCalendar.SwedishDefault, 2026));
        Assert.Equal(253, CountYear(Norway, 2026));
        Assert.Equal(251, CountYear(WorkingDayCalendar.NorwegianDefault, 2026));

        Assert.Equal(254, BruteForceCount(Sweden, D("2026-01-01"), D("2027-01-01")));
        Assert.Equal(253, BruteForceCount(Norway, D("2026-01-01"), D("2027-01-01")));
    }

    [Theory]
    [InlineData("2026-04-07", "2026-04-07")]
    [InlineData("2026-04-08", "2026-04-07")]
    public void Count_working_days_of_an_empty_or_reversed_range_is_zero(string from, string to)
    {
        Assert.Equal(0, Sweden.CountWorkingDays(D(from), D(to)));
    }

    [Theory]
    [MemberData(nameof(AllCalendars))]
    public void Count_working_days_matches_a_day_by_day_count_across_years(WorkingDayCalendar calendar)
    {
        var ranges = new[]
        {
            (D("2023-12-15"), D("2031-01-10")),
            (D("2026-12-20"), D("2027-01-08")),
            (D("2026-04-01"), D("2026-04-08")),
            (D("2024-02-28"), D("2024-03-02")),
            (D("2026-03-10"), D("2026-03-11")),
        };

        foreach (var (from, to) in ranges)
        {
            Assert.Equal(BruteForceCount(calendar, from, to), calendar.CountWorkingDays(from, to));
        }
    }

    [Theory]
    [MemberData(nameof(AllCalendars))]
    public void Counting_back_from_n_working_days_before_gives_n(WorkingDayCalendar calendar)
    {
        for (var d = D("2023-11-01"); d <= D("2031-02-01"); d = d.AddDays(5))
        {
            var target = calendar.NextWorkingDayOnOrAfter(d);
            for (var n = 1; n <= 30; n++)
            {
                var start = calendar.WorkingDaysBefore(target, n);

                Assert.True(calendar.IsWorkingDay(start));
                Assert.Equal(n, calendar.CountWorkingDays(start, target));
                Assert.Equal(target, calendar.AddWorkingDays(start, n));
            }
        }
    }

    [Fact]
    public void Is_working_day_is_consistent_across_threads()
    {
        var calendar = new WorkingDayCalendar(Country.Norway, [ExtraDayOff.ChristmasEve]);
        var days = Enumerable.Range(0, 20 * 366).Select(i => D("2020-01-01").AddDays(i)).ToArray();

        var parallel = days.AsParallel().AsOrdered().Select(calendar.IsWorkingDay).ToArray();
        var sequential = days.Select(new WorkingDayCalendar(Country.Norway, [ExtraDayOff.ChristmasEve]).IsWorkingDay).ToArray();

        Assert.Equal(sequential, parallel);
    }

    private static int CountYear(WorkingDayCalendar calendar, int year) =>
        calendar.CountWorkingDays(new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));

    private static int BruteForceCount(WorkingDayCalendar calendar, DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from; d < to; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                count++;
            }
        }

        return count;
    }

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
