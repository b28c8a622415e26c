using CommPlan.Domain.Common;

namespace CommPlan.Domain.Plans;

/// <summary>A communication goal (kommunikationsmål) that activities serve.</summary>
public sealed record Goal(string Key, string Name);

/// <summary>A target group (målgrupp), e.g. the public, young people, media.</summary>
public sealed record TargetGroup(string Key, string Name);

/// <summary>A channel or unit of communication (kommunikationsenhet), e.g. web, intranet, Facebook, press release.</summary>
public sealed record Channel(string Key, string Name);

/// <summary>An operating unit (verksamhet) that owns activities, e.g. adult education or the second-hand shop.</summary>
public sealed record Unit(string Key, string Name, string? Challenge = null);

/// <summary>
/// A department's yearly communication plan: the vocabulary its activities are written in. Keys are short, stable
/// identifiers so that renaming a goal does not orphan the activities that serve it.
/// </summary>
public sealed class Plan
{
    public const int MaxNameLength = 200;
    public const int MaxEntries = 100;

    private Plan(Guid id, int year, string organisation, string department, string title,
        IReadOnlyList<Goal> goals, IReadOnlyList<TargetGroup> targetGroups, IReadOnlyList<Channel> channels,
        IReadOnlyList<Unit> units)
    {
        Id = id;
        Year = year;
        Organisation = organisation;
        Department = department;
        Title = title;
        Goals = goals;
        TargetGroups = targetGroups;
        Channels = channels;
        Units = units;
    }

    public Guid Id { get; }
    public int Year { get; }
    public string Organisation { get; }
    public string Department { get; }
    public string Title { get; }
    public IReadOnlyList<Goal> Goals { get; }
    public IReadOnlyList<TargetGroup> TargetGroups { get; }
    public IReadOnlyList<Channel> Channels { get; }
    public IReadOnlyList<Unit> Units { get; }

    public static Plan Create(Guid id, int year, string organisation, string department, string title,
        IEnumerable<Goal> goals, IEnumerable<TargetGroup> targetGroups, IEnumerable<Channel> channels,
        IEnumerable<Unit> units)
    {
        var errors = new ErrorCollector();
        if (year is < 2000 or > 2100) errors.Add("year", ErrorCodes.OutOfRange, "2000-2100");
        var org = errors.RequiredText("organisation", organisation, MaxNameLength);
        var dept = errors.RequiredText("department", department, MaxNameLength);
        var ttl = errors.RequiredText("title", title, MaxNameLength);
        var g = CheckEntries("goals", goals.ToArray(), x => x.Key, x => x.Name, errors);
        var t = CheckEntries("targetGroups", targetGroups.ToArray(), x => x.Key, x => x.Name, errors);
        var c = CheckEntries("channels", channels.ToArray(), x => x.Key, x => x.Name, errors);
        var u = CheckEntries("units", units.ToArray(), x => x.Key, x => x.Name, errors);
        errors.ThrowIfAny();
        return new Plan(id, year, org!, dept!, ttl!, g, t, c, u);
    }

    public bool HasGoal(string key) => Goals.Any(x => x.Key == key);
    public bool HasTargetGroup(string key) => TargetGroups.Any(x => x.Key == key);
    public bool HasChannel(string key) => Channels.Any(x => x.Key == key);
    public bool HasUnit(string key) => Units.Any(x => x.Key == key);

    public Unit? FindUnit(string key) => Units.FirstOrDefault(x => x.Key == key);

    /// <summary>The plan's own year as a period, the frame every activity must fall in.</summary>
    public DateOnly FirstDay => new(Year, 1, 1);
    public DateOnly LastDay => new(Year, 12, 31);

    private static T[] CheckEntries<T>(string field, T[] entries, Func<T, string> key, Func<T, string> name, ErrorCollector errors)
    {
        if (entries.Length > MaxEntries) errors.Add(field, ErrorCodes.TooMany, MaxEntries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            var k = key(entries[i]);
            if (!Keys.IsValid(k)) errors.Add($"{field}[{i}].key", ErrorCodes.Unparseable);
            else if (!seen.Add(k)) errors.Add($"{field}[{i}].key", ErrorCodes.Duplicate);
            errors.RequiredText($"{field}[{i}].name", name(entries[i]), MaxNameLength);
        }
        return entries;
    }
}

/// <summary>Keys of plan entries: lower-case letters, digits and dashes, as in a URL.</summary>
public static class Keys
{
    public const int MaxLength = 64;

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxLength && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
