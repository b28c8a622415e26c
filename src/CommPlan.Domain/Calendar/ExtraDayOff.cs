namespace CommPlan.Domain.Calendar;

/// <summary>
/// Days that are not public holidays but that many employers give off; configurable per organisation.
/// </summary>
public enum ExtraDayOff
{
    /// <summary>Sweden: midsommarafton, the Friday 19–25 June. Norway: sankthansaften, 23 June.</summary>
    MidsummerEve,

    /// <summary>24 December.</summary>
    ChristmasEve,

    /// <summary>31 December.</summary>
    NewYearsEve,

    /// <summary>The Saturday before Easter Sunday (always a weekend day, so it only matters for completeness).</summary>
    EasterEve,

    /// <summary>The Saturday before Whit Sunday (always a weekend day, so it only matters for completeness).</summary>
    WhitsunEve,
}
