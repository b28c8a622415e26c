using System.Collections.Concurrent;
using System.Collections.ObjectModel;

namespace CommPlan.Domain.Calendar;

/// <summary>
/// Named public holidays for Sweden and Norway. The current law is applied to every year;
/// historical changes (e.g. Swedish Whit Monday before 2005) are deliberately not modelled.
/// Sundays in general are also holidays by law but are not listed here, only the named days.
/// </summary>
public static class PublicHolidays
{
    // Lists are immutable, so one shared instance per (country, year) is safe to hand out.
    private static readonly ConcurrentDictionary<(Country Country, int Year), IReadOnlyList<PublicHoliday>> Cache = new();

    /// <summary>Easter Sunday in the Gregorian calendar (anonymous Gregorian / Meeus–Jones–Butcher algorithm).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999.</exception>
    public static DateOnly EasterSunday(int year)
    {
        ValidateYear(year);

        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var n = h + l - (7 * m) + 114;
        return new DateOnly(year, n / 31, (n % 31) + 1);
    }

    /// <summary>
    /// The named public holidays of <paramref name="country"/> in <paramref name="year"/>, sorted by date.
    /// When two holidays fall on the same date (e.g. Norwegian 17 May and Whit Monday in 2027) both are listed,
    /// in the order the law lists them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999 or the country is unknown.</exception>
    public static IReadOnlyList<PublicHoliday> For(Country country, int year)
    {
        ValidateYear(year);
        return Cache.GetOrAdd((country, year), static key => Build(key.Country, key.Year));
    }

    /// <summary>Swedish midsommardagen: the Saturday 20–26 June.</summary>
    internal static DateOnly SwedishMidsummerDay(int year) => FirstOnOrAfter(new DateOnly(year, 6, 20), DayOfWeek.Saturday);

    /// <summary>Swedish alla helgons dag: the Saturday 31 October–6 November.</summary>
    internal static DateOnly SwedishAllSaintsDay(int year) => FirstOnOrAfter(new DateOnly(year, 10, 31), DayOfWeek.Saturday);

    internal static void ValidateYear(int year)
    {
        // DateOnly's range; Easter - 3 and 26 Dec stay inside it for every such year.
        ArgumentOutOfRangeException.ThrowIfLessThan(year, DateOnly.MinValue.Year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, DateOnly.MaxValue.Year);
    }

    private static ReadOnlyCollection<PublicHoliday> Build(Country country, int year)
    {
        var holidays = country switch
        {
            Country.Sweden => Sweden(year),
            Country.Norway => Norway(year),
            _ => throw new ArgumentOutOfRangeException(nameof(country), country, "Unknown country."),
        };

        // OrderBy is stable, so same-date holidays keep the legal order.
        return holidays.OrderBy(h => h.Date).ToList().AsReadOnly();
    }

    // Lag (1989:253) om allmänna helgdagar.
    private static PublicHoliday[] Sweden(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new(new DateOnly(year, 1, 1), "new_years_day", "Nyårsdagen"),
            new(new DateOnly(year, 1, 6), "epiphany", "Trettondedag jul"),
            new(easter.AddDays(-2), "good_friday", "Långfredagen"),
            new(easter, "easter_sunday", "Påskdagen"),
            new(easter.AddDays(1), "easter_monday", "Annandag påsk"),
            new(new DateOnly(year, 5, 1), "may_day", "Första maj"),
            new(easter.AddDays(39), "ascension_day", "Kristi himmelsfärdsdag"),
            new(new DateOnly(year, 6, 6), "national_day", "Sveriges nationaldag"),
            new(easter.AddDays(49), "whit_sunday", "Pingstdagen"),
            new(SwedishMidsummerDay(year), "midsummer_day", "Midsommardagen"),
            new(SwedishAllSaintsDay(year), "all_saints_day", "Alla helgons dag"),
            new(new DateOnly(year, 12, 25), "christmas_day", "Juldagen"),
            new(new DateOnly(year, 12, 26), "boxing_day", "Annandag jul"),
        ];
    }

    // Lov 24. februar 1995 nr. 12 om helligdager og helligdagsfred; lov 26. april 1947 nr. 1 om 1. og 17. mai som høgtidsdager.
    private static PublicHoliday[] Norway(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new(new DateOnly(year, 1, 1), "new_years_day", "Første nyttårsdag"),
            new(easter.AddDays(-3), "maundy_thursday", "Skjærtorsdag"),
            new(easter.AddDays(-2), "good_friday", "Langfredag"),
            new(easter, "easter_sunday", "Første påskedag"),
            new(easter.AddDays(1), "easter_monday", "Andre påskedag"),
            new(new DateOnly(year, 5, 1), "may_day", "Offentlig høytidsdag"),
            new(new DateOnly(year, 5, 17), "constitution_day", "Grunnlovsdag"),
            new(easter.AddDays(39), "ascension_day", "Kristi himmelfartsdag"),
            new(easter.AddDays(49), "whit_sunday", "Første pinsedag"),
            new(easter.AddDays(50), "whit_monday", "Andre pinsedag"),
            new(new DateOnly(year, 12, 25), "christmas_day", "Første juledag"),
            new(new DateOnly(year, 12, 26), "boxing_day", "Andre juledag"),
        ];
    }

    private static DateOnly FirstOnOrAfter(DateOnly start, DayOfWeek dayOfWeek) =>
        start.AddDays(((int)dayOfWeek - (int)start.DayOfWeek + 7) % 7);
}
