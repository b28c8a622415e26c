namespace CommPlan.Domain.Activities;

/// <summary>The stretch of days an activity runs (the plan's "Tid" column), both ends inclusive.</summary>
public readonly record struct Period(DateOnly From, DateOnly To)
{
    public bool IsValid => From <= To;

    public static Period Month(int year, int month) => new(new DateOnly(year, month, 1), MonthEnd(year, month));

    public static Period Months(int year, int firstMonth, int lastMonth) =>
        new(new DateOnly(year, firstMonth, 1), MonthEnd(year, lastMonth));

    public static Period Year(int year) => Months(year, 1, 12);

    public static DateOnly MonthEnd(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));

    public bool Contains(DateOnly day) => From <= day && day <= To;

    public bool Overlaps(Period other) => From <= other.To && other.From <= To;

    public bool TouchesMonth(int year, int month) => Overlaps(Month(year, month));

    /// <summary>Every calendar month the period touches, in order.</summary>
    public IEnumerable<(int Year, int Month)> Months()
    {
        for (var d = new DateOnly(From.Year, From.Month, 1); d <= To; d = d.AddMonths(1))
            yield return (d.Year, d.Month);
    }

    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
