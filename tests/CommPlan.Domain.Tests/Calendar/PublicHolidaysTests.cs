using System.Globalization;
using CommPlan.Domain.Calendar;
using Xunit;

namespace CommPlan.Domain.Tests.Calendar;

public sealed class PublicHolidaysTests
{
    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2029, "2029-04-01")]
    [InlineData(2030, "2030-04-21")]
    [InlineData(1818, "1818-03-22")] // Earliest possible date.
    [InlineData(1943, "1943-04-25")] // Latest possible date.
    [InlineData(2000, "2000-04-23")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    public void Easter_sunday_matches_known_dates(int year, string expected)
    {
        Assert.Equal(D(expected), PublicHolidays.EasterSunday(year));
    }

    [Fact]
    public void Easter_sunday_is_always_a_sunday_between_22_march_and_25_april()
    {
        for (var year = 1583; year <= 3000; year++)
        {
            var easter = PublicHolidays.EasterSunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
        }
    }

    // Official lists, written out by hand.
    // Sweden: lag (1989:253) om allmänna helgdagar.
    // Norway: lov 24. februar 1995 nr. 12 om helligdager og helligdagsfred;
    //         lov 26. april 1947 nr. 1 om 1. og 17. mai som høgtidsdager.
    // Every Sunday is also a holiday under both laws; only the named days are listed.
    public static TheoryData<Country, int, string[]> OfficialHolidays => new()
    {
        {
            Country.Sweden, 2024,
            [
                "2024-01-01 new_years_day", "2024-01-06 epiphany", "2024-03-29 good_friday", "2024-03-31 easter_sunday",
                "2024-04-01 easter_monday", "2024-05-01 may_day", "2024-05-09 ascension_day", "2024-05-19 whit_sunday",
                "2024-06-06 national_day", "2024-06-22 midsummer_day", "2024-11-02 all_saints_day",
                "2024-12-25 christmas_day", "2024-12-26 boxing_day",
            ]
        },
        {
            Country.Sweden, 2025,
            [
                "2025-01-01 new_years_day", "2025-01-06 epiphany", "2025-04-18 good_friday", "2025-04-20 easter_sunday",
                "2025-04-21 easter_monday", "2025-05-01 may_day", "2025-05-29 ascension_day", "2025-06-06 national_day",
                "2025-06-08 whit_sunday", "2025-06-21 midsummer_day", "2025-11-01 all_saints_day",
                "2025-12-25 christmas_day", "2025-12-26 boxing_day",
            ]
        },
        {
            Country.Sweden, 2026,
            [
                "2026-01-01 new_years_day", "2026-01-06 epiphany", "2026-04-03 good_friday", "2026-04-05 easter_sunday",
                "2026-04-06 easter_monday", "2026-05-01 may_day", "2026-05-14 ascension_day", "2026-05-24 whit_sunday",
                "2026-06-06 national_day", "2026-06-20 midsummer_day", "2026-10-31 all_saints_day",
                "2026-12-25 christmas_day", "2026-12-26 boxing_day",
            ]
        },
        {
            Country.Sweden, 2027,
            [
                "2027-01-01 new_years_day", "2027-01-06 epiphany", "2027-03-26 good_friday", "2027-03-28 easter_sunday",
                "2027-03-29 easter_monday", "2027-05-01 may_day", "2027-05-06 ascension_day", "2027-05-16 whit_sunday",
                "2027-06-06 national_day", "2027-06-26 midsummer_day", "2027-11-06 all_saints_day",
                "2027-12-25 christmas_day", "2027-12-26 boxing_day",
            ]
        },
        {
            Country.Sweden, 2028,
            [
                "2028-01-01 new_years_day", "2028-01-06 epiphany", "2028-04-14 good_friday", "2028-04-16 easter_sunday",
                "2028-04-17 easter_monday", "2028-05-01 may_day", "2028-05-25 ascension_day", "2028-06-04 whit_sunday",
                "2028-06-06 national_day", "2028-06-24 midsummer_day", "2028-11-04 all_saints_day",
                "2028-12-25 christmas_day", "2028-12-26 boxing_day",
            ]
        },
        {
            Country.Sweden, 2029,
            [
                "2029-01-01 new_years_day", "2029-01-06 epiphany", "2029-03-30 good_friday", "2029-04-01 easter_sunday",
                "2029-04-02 easter_monday", "2029-05-01 may_day", "2029-05-10 ascension_day", "2029-05-20 whit_sunday",
                "2029-06-06 national_day", "2029-06-23 midsummer_day", "2029-11-03 all_saints_day",
                "2029-12-25 christmas_day", "2029-12-26 boxing_day",
            ]
        },
        {
            Country.Sweden, 2030,
            [
                "2030-01-01 new_years_day", "2030-01-06 epiphany", "2030-04-19 good_friday", "2030-04-21 easter_sunday",
                "2030-04-22 easter_monday", "2030-05-01 may_day", "2030-05-30 ascension_day", "2030-06-06 national_day",
                "2030-06-09 whit_sunday", "2030-06-22 midsummer_day", "2030-11-02 all_saints_day",
                "2030-12-25 christmas_day", "2030-12-26 boxing_day",
            ]
        },
        {
            Country.Norway, 2024,
            [
                "2024-01-01 new_years_day", "2024-03-28 maundy_thursday", "2024-03-29 good_friday",
                "2024-03-31 easter_sunday", "2024-04-01 easter_monday", "2024-05-01 may_day", "2024-05-09 ascension_day",
                "2024-05-17 constitution_day", "2024-05-19 whit_sunday", "2024-05-20 whit_monday",
                "2024-12-25 christmas_day", "2024-12-26 boxing_day",
            ]
        },
        {
            Country.Norway, 2025,
            [
                "2025-01-01 new_years_day", "2025-04-17 maundy_thursday", "2025-04-18 good_friday",
                "2025-04-20 easter_sunday", "2025-04-21 easter_monday", "2025-05-01 may_day",
                "2025-05-17 constitution_day", "2025-05-29 ascension_day", "2025-06-08 whit_sunday",
                "2025-06-09 whit_monday", "2025-12-25 christmas_day", "2025-12-26 boxing_day",
            ]
        },
        {
            Country.Norway, 2026,
            [
                "2026-01-01 new_years_day", "2026-04-02 maundy_thursday", "2026-04-03 good_friday",
                "2026-04-05 easter_sunday", "2026-04-06 easter_monday", "2026-05-01 may_day", "2026-05-14 ascension_day",
                "2026-05-17 constitution_day", "2026-05-24 whit_sunday", "2026-05-25 whit_monday",
                "2026-12-25 christmas_day", "2026-12-26 boxing_day",
            ]
        },
        {
            // 17 May coincides with Whit Monday: both are listed, in legal order.
            Country.Norway, 2027,
            [
                "2027-01-01 new_years_day", "2027-03-25 maundy_thursday", "2027-03-26 good_friday",
                "2027-03-28 easter_sunday", "2027-03-29 easter_monday", "2027-05-01 may_day", "2027-05-06 ascension_day",
                "2027-05-16 whit_sunday", "2027-05-17 constitution_day", "2027-05-17 whit_monday",
                "2027-12-25 christmas_day", "2027-12-26 boxing_day",
            ]
        },
        {
            Country.Norway, 2028,
            [
                "2028-01-01 new_years_day", "2028-04-13 maundy_thursday", "2028-04-14 good_friday",
                "2028-04-16 easter_sunday", "2028-04-17 easter_monday", "2028-05-01 may_day",
                "2028-05-17 constitution_day", "2028-05-25 ascension_day", "2028-06-04 whit_sunday",
                "2028-06-05 whit_monday", "2028-12-25 christmas_day", "2028-12-26 boxing_day",
            ]
        },
        {
            Country.Norway, 2029,
            [
                "2029-01-01 new_years_day", "2029-03-29 maundy_thursday", "2029-03-30 good_friday",
                "2029-04-01 easter_sunday", "2029-04-02 easter_monday", "2029-05-01 may_day", "2029-05-10 ascension_day",
                "2029-05-17 constitution_day", "2029-05-20 whit_sunday", "2029-05-21 whit_monday",
                "2029-12-25 christmas_day", "2029-12-26 boxing_day",
            ]
        },
        {
            Country.Norway, 2030,
            [
                "2030-01-01 new_years_day", "2030-04-18 maundy_thursday", "2030-04-19 good_friday",
                "2030-04-21 easter_sunday", "2030-04-22 easter_monday", "2030-05-01 may_day",
                "2030-05-17 constitution_day", "2030-05-30 ascension_day", "2030-06-09 whit_sunday",
                "2030-06-10 whit_monday", "2030-12-25 christmas_day", "2030-12-26 boxing_day",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(OfficialHolidays))]
    public void Holiday_list_equals_the_official_list(Country country, int year, string[] expected)
    {
        var actual = PublicHolidays.For(country, year)
            .Select(h => $"{h.Date:yyyy-MM-dd} {h.Key}")
            .ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Swedish_local_names_are_the_official_swedish_names()
    {
        var names = PublicHolidays.For(Country.Sweden, 2026).ToDictionary(h => h.Key, h => h.LocalName);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["new_years_day"] = "Nyårsdagen",
                ["epiphany"] = "Trettondedag jul",
                ["good_friday"] = "Långfredagen",
                ["easter_sunday"] = "Påskdagen",
                ["easter_monday"] = "Annandag påsk",
                ["may_day"] = "Första maj",
                ["ascension_day"] = "Kristi himmelsfärdsdag",
                ["national_day"] = "Sveriges nationaldag",
                ["whit_sunday"] = "Pingstdagen",
                ["midsummer_day"] = "Midsommardagen",
                ["all_saints_day"] = "Alla helgons dag",
                ["christmas_day"] = "Juldagen",
                ["boxing_day"] = "Annandag jul",
            },
            names);
    }

    [Fact]
    public void Norwegian_local_names_are_the_official_bokmal_names()
    {
        var names = PublicHolidays.For(Country.Norway, 2026).ToDictionary(h => h.Key, h => h.LocalName);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["new_years_day"] = "Første nyttårsdag",
                ["maundy_thursday"] = "Skjærtorsdag",
                ["good_friday"] = "Langfredag",
                ["easter_sunday"] = "Første påskedag",
                ["easter_monday"] = "Andre påskedag",
                ["may_day"] = "Offentlig høytidsdag",
                ["constitution_day"] = "Grunnlovsdag",
                ["ascension_day"] = "Kristi himmelfartsdag",
                ["whit_sunday"] = "Første pinsedag",
                ["whit_monday"] = "Andre pinsedag",
                ["christmas_day"] = "Første juledag",
                ["boxing_day"] = "Andre juledag",
            },
            names);
    }

    [Fact]
    public void Midsummer_day_is_the_saturday_between_20_and_26_june()
    {
        for (var year = 1900; year <= 2200; year++)
        {
            var midsummer = Single(Country.Sweden, year, "midsummer_day");
            Assert.Equal(DayOfWeek.Saturday, midsummer.DayOfWeek);
            Assert.InRange(midsummer, new DateOnly(year, 6, 20), new DateOnly(year, 6, 26));
        }
    }

    [Fact]
    public void All_saints_day_is_the_saturday_between_31_october_and_6_november()
    {
        for (var year = 1900; year <= 2200; year++)
        {
            var allSaints = Single(Country.Sweden, year, "all_saints_day");
            Assert.Equal(DayOfWeek.Saturday, allSaints.DayOfWeek);
            Assert.InRange(allSaints, new DateOnly(year, 10, 31), new DateOnly(year, 11, 6));
        }
    }

    [Fact]
    public void Whit_monday_is_a_holiday_in_norway_but_not_in_sweden()
    {
        Assert.DoesNotContain(PublicHolidays.For(Country.Sweden, 2026), h => h.Key == "whit_monday");
        Assert.Equal(D("2026-05-25"), Single(Country.Norway, 2026, "whit_monday"));
    }

    [Fact]
    public void Holiday_lists_are_sorted_by_date_and_stay_within_the_year()
    {
        foreach (var country in Enum.GetValues<Country>())
        {
            for (var year = 1900; year <= 2200; year++)
            {
                var holidays = PublicHolidays.For(country, year);
                Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
                Assert.Equal(holidays.OrderBy(h => h.Date).Select(h => h.Date), holidays.Select(h => h.Date));
            }
        }
    }

    [Fact]
    public void Holiday_list_cannot_be_modified_by_callers()
    {
        var holidays = PublicHolidays.For(Country.Sweden, 2026);

        Assert.False(holidays is PublicHoliday[] or List<PublicHoliday>);
        Assert.Same(holidays, PublicHolidays.For(Country.Sweden, 2026));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10000)]
    public void Years_outside_the_dateonly_range_are_rejected(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PublicHolidays.EasterSunday(year));
        Assert.Throws<ArgumentOutOfRangeException>(() => PublicHolidays.For(Country.Sweden, year));
    }

    [Fact]
    public void Extreme_years_do_not_overflow()
    {
        Assert.NotEmpty(PublicHolidays.For(Country.Norway, 1));
        Assert.NotEmpty(PublicHolidays.For(Country.Sweden, 9999));
    }

    [Fact]
    public void Unknown_country_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PublicHolidays.For((Country)42, 2026));
    }

    private static DateOnly Single(Country country, int year, string key) =>
        Assert.Single(PublicHolidays.For(country, year), h => h.Key == key).Date;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
