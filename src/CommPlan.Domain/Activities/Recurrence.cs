namespace CommPlan.Domain.Activities;

public enum RecurrenceKind
{
    /// <summary>Every month of the period ("varje månad", one blog post a month).</summary>
    Monthly,
    /// <summary>N evenly spread times over the period ("4 ggr/år").</summary>
    TimesPerYear,
    /// <summary>Once per school term ("1 tillfälle per termin"): spring term ends in June, autumn term in December.</summary>
    PerTerm,
    /// <summary>Named months ("maj och okt").</summary>
    SpecificMonths,
}

/// <summary>
/// How a recurring activity repeats inside its period. Each repetition becomes an <see cref="Occurrence"/> with
/// its own deadline: the last day of its slot (month, share of the year, term), never after the period ends.
/// </summary>
public sealed record Recurrence
{
    private Recurrence(RecurrenceKind kind, int count, IReadOnlyList<int> months)
    {
        Kind = kind;
        Count = count;
        MonthNumbers = months;
    }

    public RecurrenceKind Kind { get; }

    /// <summary>How many times, for <see cref="RecurrenceKind.TimesPerYear"/>; otherwise 0.</summary>
    public int Count { get; }

    /// <summary>The months (1–12), for <see cref="RecurrenceKind.SpecificMonths"/>; otherwise empty.</summary>
    public IReadOnlyList<int> MonthNumbers { get; }

    public static Recurrence Monthly() => new(RecurrenceKind.Monthly, 0, []);

    public static Recurrence PerTerm() => new(RecurrenceKind.PerTerm, 0, []);

    public static Recurrence TimesPerYear(int count) =>
        count is >= 1 and <= 52
            ? new(RecurrenceKind.TimesPerYear, count, [])
            : throw new ArgumentOutOfRangeException(nameof(count), count, "Between 1 and 52 times a year.");

    public static Recurrence SpecificMonths(IEnumerable<int> months)
    {
        var list = months.Distinct().Order().ToArray();
        if (list.Length == 0 || list.Any(m => m is < 1 or > 12))
            throw new ArgumentOutOfRangeException(nameof(months), "One or more months between 1 and 12.");
        return new(RecurrenceKind.SpecificMonths, 0, list);
    }

    /// <summary>Equal by value: the same kind, count and months (a record would compare the month list by reference).</summary>
    public bool Equals(Recurrence? other) =>
        other is not null && Kind == other.Kind && Count == other.Count && MonthNumbers.SequenceEqual(other.MonthNumbers);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        hash.Add(Count);
        foreach (var month in MonthNumbers) hash.Add(month);
        return hash.ToHashCode();
    }

    /// <summary>The deadlines of the occurrences inside <paramref name="period"/>, in order, without duplicates.</summary>
    public IReadOnlyList<DateOnly> Deadlines(Period period)
    {
        IEnumerable<DateOnly> ends = Kind switch
        {
            RecurrenceKind.Monthly => period.Months().Select(m => Period.MonthEnd(m.Year, m.Month)),
            RecurrenceKind.SpecificMonths => period.Months().Where(m => MonthNumbers.Contains(m.Month))
                .Select(m => Period.MonthEnd(m.Year, m.Month)),
            RecurrenceKind.PerTerm => period.Months()
                .Select(m => Period.MonthEnd(m.Year, m.Month <= 6 ? 6 : 12)),
            RecurrenceKind.TimesPerYear => SpreadEvenly(period, Count),
            _ => throw new InvalidOperationException(Kind.ToString()),
        };
        return ends.Select(d => d > period.To ? period.To : d).Where(period.Contains).Distinct().Order().ToArray();
    }

    /// <summary>
    /// Splits the period into equal slots: on month boundaries when the months divide evenly (4 times over a year
    /// gives the quarter ends), else by days.
    /// </summary>
    private static IEnumerable<DateOnly> SpreadEvenly(Period period, int count)
    {
        var months = period.Months().ToArray();
        var wholeMonths = period.From.Day == 1 && period.To == Period.MonthEnd(period.To.Year, period.To.Month);
        if (wholeMonths && months.Length % count == 0)
        {
            var step = months.Length / count;
            for (var i = step - 1; i < months.Length; i += step)
                yield return Period.MonthEnd(months[i].Year, months[i].Month);
            yield break;
        }
        var days = period.To.DayNumber - period.From.DayNumber + 1;
        for (var i = 1; i <= count; i++)
            yield return DateOnly.FromDayNumber(period.From.DayNumber + (int)Math.Ceiling((double)days * i / count) - 1);
    }
}
