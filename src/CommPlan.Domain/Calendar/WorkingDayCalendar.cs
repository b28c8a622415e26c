using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace CommPlan.Domain.Calendar;

/// <summary>
/// Working days for one organisation: its working weekdays (Monday–Friday unless configured), minus public holidays
/// (unless it works through them), minus the configured extra days off and extra dates. Immutable and thread-safe;
/// per-year lookup tables are cached because reminder scheduling calls <see cref="IsWorkingDay"/> very often.
/// </summary>
public sealed class WorkingDayCalendar
{
    private static readonly DayOfWeek[] MondayToFriday =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private readonly FrozenSet<DateOnly> _extraDates;
    private readonly ConcurrentDictionary<int, YearTable> _years = new();

    /// <param name="country">Country whose public holidays apply.</param>
    /// <param name="extraDaysOff">Recurring non-holiday days the organisation gives off.</param>
    /// <param name="extraDates">One-off dates that are not working days (e.g. a closure day).</param>
    /// <param name="workingDays">The weekdays worked; Monday–Friday when left out.</param>
    /// <param name="observePublicHolidays">
    /// False for an organisation that works through public holidays (a desk staffed every day of the year): then only
    /// the weekdays, extra days off and extra dates decide.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An unknown country, extra day off or weekday.</exception>
    /// <exception cref="ArgumentException">No working weekday at all.</exception>
    public WorkingDayCalendar(Country country, IEnumerable<ExtraDayOff>? extraDaysOff = null, IEnumerable<DateOnly>? extraDates = null,
        IEnumerable<DayOfWeek>? workingDays = null, bool observePublicHolidays = true)
    {
        if (!Enum.IsDefined(country))
        {
            throw new ArgumentOutOfRangeException(nameof(country), country, "Unknown country.");
        }

        var daysOff = (extraDaysOff ?? []).ToFrozenSet();
        foreach (var dayOff in daysOff)
        {
            if (!Enum.IsDefined(dayOff))
            {
                throw new ArgumentOutOfRangeException(nameof(extraDaysOff), dayOff, "Unknown extra day off.");
            }
        }

        var weekdays = (workingDays ?? MondayToFriday).ToFrozenSet();
        foreach (var weekday in weekdays)
        {
            if (!Enum.IsDefined(weekday))
            {
                throw new ArgumentOutOfRangeException(nameof(workingDays), weekday, "Unknown weekday.");
            }
        }

        if (weekdays.Count == 0)
        {
            throw new ArgumentException("At least one weekday must be a working day.", nameof(workingDays));
        }

        Country = country;
        ExtraDaysOff = daysOff;
        WorkingDays = weekdays;
        ObservesPublicHolidays = observePublicHolidays;
        _extraDates = (extraDates ?? []).ToFrozenSet();
    }

    public Country Country { get; }

    public IReadOnlySet<ExtraDayOff> ExtraDaysOff { get; }

    public IReadOnlySet<DayOfWeek> WorkingDays { get; }

    public bool ObservesPublicHolidays { get; }

    /// <summary>Sweden with midsommarafton, julafton and nyårsafton off, as is the norm in practice.</summary>
    public static WorkingDayCalendar SwedishDefault { get; } =
        new(Country.Sweden, [ExtraDayOff.MidsummerEve, ExtraDayOff.ChristmasEve, ExtraDayOff.NewYearsEve]);

    /// <summary>Norway with julaften and nyttårsaften off, as is the norm in practice.</summary>
    public static WorkingDayCalendar NorwegianDefault { get; } =
        new(Country.Norway, [ExtraDayOff.ChristmasEve, ExtraDayOff.NewYearsEve]);

    /// <summary>
    /// True on the named public holidays and on every Sunday, since both countries' laws make all Sundays
    /// public holidays. Extra days off are not public holidays.
    /// </summary>
    public bool IsPublicHoliday(DateOnly date) => Table(date.Year).IsHoliday(date);

    /// <summary>
    /// False on weekdays not worked (by default Saturday and Sunday), on named public holidays (unless worked through),
    /// configured extra days off and extra dates. A Sunday configured as a working weekday is worked although the law
    /// counts every Sunday a holiday: the organisation said so; Easter Sunday and Whit Sunday stay off.
    /// </summary>
    public bool IsWorkingDay(DateOnly date) => Table(date.Year).IsWorking(date);

    /// <summary>
    /// Moves <paramref name="workingDays"/> working days forward (positive) or backward (negative),
    /// counting only working days; the start date itself is never counted. 0 returns the date unchanged.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        var step = Math.Sign(workingDays);
        var remaining = Math.Abs((long)workingDays);
        var current = date;
        var table = Table(current.Year);
        while (remaining > 0)
        {
            current = current.AddDays(step);
            if (current.Year != table.Year)
            {
                table = Table(current.Year);
            }

            if (table.IsWorking(current))
            {
                remaining--;
            }
        }

        return current;
    }

    /// <summary>The date <paramref name="workingDays"/> working days before <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    public DateOnly WorkingDaysBefore(DateOnly date, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        return AddWorkingDays(date, -workingDays);
    }

    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        var current = date;
        while (!IsWorkingDay(current))
        {
            current = current.AddDays(1);
        }

        return current;
    }

    public DateOnly PreviousWorkingDayOnOrBefore(DateOnly date)
    {
        var current = date;
        while (!IsWorkingDay(current))
        {
            current = current.AddDays(-1);
        }

        return current;
    }

    /// <summary>Number of working days in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>); 0 if the range is empty.</summary>
    public int CountWorkingDays(DateOnly fromInclusive, DateOnly toExclusive)
    {
        if (toExclusive <= fromInclusive)
        {
            return 0;
        }

        // Prefix sums make this O(number of years) rather than O(number of days).
        var count = 0;
        for (var year = fromInclusive.Year; year <= toExclusive.Year; year++)
        {
            var table = Table(year);
            var start = year == fromInclusive.Year ? fromInclusive.DayOfYear - 1 : 0;
            var end = year == toExclusive.Year ? toExclusive.DayOfYear - 1 : table.DaysInYear;
            count += table.WorkingDaysBefore(end) - table.WorkingDaysBefore(start);
        }

        return count;
    }

    private YearTable Table(int year) => _years.GetOrAdd(year, BuildTable);

    private YearTable BuildTable(int year)
    {
        var holidays = PublicHolidays.For(Country, year).Select(h => h.Date).ToHashSet();
        var extraOff = ExtraDaysOff.Select(d => ExtraDayOffDate(d, year)).ToHashSet();
        return new YearTable(year, holidays, WorkingDays, ObservesPublicHolidays, d => extraOff.Contains(d) || _extraDates.Contains(d));
    }

    private DateOnly ExtraDayOffDate(ExtraDayOff dayOff, int year) => dayOff switch
    {
        // Norway's sankthansaften is a fixed date; Sweden's midsommarafton is the Friday before midsommardagen.
        ExtraDayOff.MidsummerEve => Country == Country.Sweden
            ? PublicHolidays.SwedishMidsummerDay(year).AddDays(-1)
            : new DateOnly(year, 6, 23),
        ExtraDayOff.ChristmasEve => new DateOnly(year, 12, 24),
        ExtraDayOff.NewYearsEve => new DateOnly(year, 12, 31),
        ExtraDayOff.EasterEve => PublicHolidays.EasterSunday(year).AddDays(-1),
        ExtraDayOff.WhitsunEve => PublicHolidays.EasterSunday(year).AddDays(48),
        _ => throw new ArgumentOutOfRangeException(nameof(dayOff), dayOff, "Unknown extra day off."),
    };

    /// <summary>Flags and prefix sums for one year, indexed by day of year − 1.</summary>
    private sealed class YearTable
    {
        private readonly bool[] _holiday;
        private readonly bool[] _working;
        private readonly int[] _workingPrefix; // _workingPrefix[i] = working days among the first i days.

        public YearTable(int year, HashSet<DateOnly> namedHolidays, IReadOnlySet<DayOfWeek> workingDays, bool observeHolidays,
            Func<DateOnly, bool> isExtraDayOff)
        {
            Year = year;
            DaysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
            _holiday = new bool[DaysInYear];
            _working = new bool[DaysInYear];
            _workingPrefix = new int[DaysInYear + 1];

            var firstDay = new DateOnly(year, 1, 1);
            for (var i = 0; i < DaysInYear; i++)
            {
                var date = firstDay.AddDays(i);
                var named = namedHolidays.Contains(date);
                _holiday[i] = date.DayOfWeek == DayOfWeek.Sunday || named;
                _working[i] = workingDays.Contains(date.DayOfWeek) && !(observeHolidays && named) && !isExtraDayOff(date);
                _workingPrefix[i + 1] = _workingPrefix[i] + (_working[i] ? 1 : 0);
            }
        }

        public int Year { get; }

        public int DaysInYear { get; }

        public bool IsHoliday(DateOnly date) => _holiday[date.DayOfYear - 1];

        public bool IsWorking(DateOnly date) => _working[date.DayOfYear - 1];

        public int WorkingDaysBefore(int dayIndex) => _workingPrefix[dayIndex];
    }
}
