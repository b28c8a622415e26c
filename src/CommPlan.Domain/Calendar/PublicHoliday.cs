namespace CommPlan.Domain.Calendar;

/// <summary>A named public holiday.</summary>
/// <param name="Date">The date of the holiday.</param>
/// <param name="Key">Stable English identifier, e.g. "good_friday"; safe to persist and to use as a translation key.</param>
/// <param name="LocalName">Official name in Swedish (Sweden) or Norwegian bokmål (Norway).</param>
public sealed record PublicHoliday(DateOnly Date, string Key, string LocalName);
