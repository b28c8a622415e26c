using CommPlan.Domain.Plans;

namespace CommPlan.Domain.PressReleases;

/// <summary>One unit's sent press releases in the year: in all and month by month (January first).</summary>
public sealed record UnitMediaCount(string? UnitKey, string Name, int Total, IReadOnlyList<int> ByMonth);

/// <summary>How many of the year's sent releases went out through a channel (one release may use several).</summary>
public sealed record ChannelMediaCount(string Channel, string Name, int Count);

/// <summary>
/// The year's media statistics (seed 000 §2.4: the committee counts the department's appearances in the media each
/// year, archived per unit): the press releases marked sent in that year, counted per unit, per month and per channel
/// used. A release counts in the year of its sending date, not of its approval or planned date; a release approved but
/// not marked sent does not count.
/// </summary>
public sealed record MediaStatistics(int Year, int Total, IReadOnlyList<int> ByMonth, IReadOnlyList<UnitMediaCount> Units, IReadOnlyList<ChannelMediaCount> Channels)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>
    /// Counts the sent releases of <paramref name="year"/>. Every unit of the plan has a row, in the plan's order (a
    /// unit without releases shows its zero); then a unit a release names that the plan no longer has, then releases
    /// without a unit (<see cref="UnitMediaCount.UnitKey"/> null, named <paramref name="noUnitName"/>). Channels are the
    /// plan's names where the key is the plan's, otherwise as written, most used first.
    /// </summary>
    public static MediaStatistics Of(int year, Plan plan, IEnumerable<PressRelease> releases, string noUnitName)
    {
        var sent = releases.Where(r => r is { State: PressReleaseState.Sent, Sent: { } s } && s.SentOn.Year == year).ToList();
        var units = plan.Units.Select(u => (Key: (string?)u.Key, u.Name))
            .Concat(sent.Select(r => r.Content.UnitKey).OfType<string>().Distinct(StringComparer.Ordinal).Where(k => !plan.HasUnit(k))
                .Order(StringComparer.Ordinal).Select(k => (Key: (string?)k, Name: k)))
            .ToList();
        if (sent.Any(r => r.Content.UnitKey is null)) units.Add((null, noUnitName));
        var rows = units.Select(u =>
        {
            var of = sent.Where(r => r.Content.UnitKey == u.Key).ToList();
            return new UnitMediaCount(u.Key, u.Name, of.Count, Months(of));
        }).ToList();
        var channels = sent.SelectMany(r => r.Sent!.Channels.Distinct(StringComparer.OrdinalIgnoreCase))
            .GroupBy(c => c, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ChannelMediaCount(g.Key, plan.Channels.FirstOrDefault(c => string.Equals(c.Key, g.Key, StringComparison.OrdinalIgnoreCase))?.Name ?? g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.CurrentCulture)
            .ToList();
        return new MediaStatistics(year, sent.Count, Months(sent), rows, channels);
    }

    private static int[] Months(IReadOnlyList<PressRelease> releases)
    {
        var months = new int[12];
        foreach (var r in releases) months[r.Sent!.SentOn.Month - 1]++;
        return months;
    }
}
