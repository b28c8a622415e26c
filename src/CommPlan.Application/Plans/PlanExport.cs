using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Plans;

/// <summary>The plan, the table's headers in its language and its rows.</summary>
public sealed record PlanTable(Plan Plan, IReadOnlyList<string> Headers, IReadOnlyList<ImportRow> Rows);

/// <summary>
/// The activity plan as the municipal table (DOMAIN.md), one row per activity, each cell written so that
/// <see cref="PlanImport"/> reads it back as the same activity: an export imported into an empty plan gives the same
/// plan. What the table has no column for (status, follow-up figures, a deadline set apart from the period, a
/// description) stays out of it.
/// </summary>
public static class PlanExport
{
    /// <summary>The rows in the plan's order (period, deadline, title); <see cref="ImportRow.Row"/> is the row in the sheet.</summary>
    public static IReadOnlyList<ImportRow> Rows(Plan plan, IEnumerable<Activity> activities, Country language)
    {
        var rows = new List<ImportRow>();
        foreach (var a in activities)
        {
            rows.Add(new ImportRow(
                rows.Count + 2,
                SchedulePhrase.Write(new Schedule(a.Period, a.Recurrence), plan.Year, language),
                Name(plan.FindUnit(a.UnitKey)?.Name, a.UnitKey, whole: true, plan.Units, u => u.Key, u => u.Name),
                a.Title,
                string.Join(", ", a.Channels.Select(k => Name(plan.Channels.FirstOrDefault(c => c.Key == k)?.Name, k, whole: false, plan.Channels, c => c.Key, c => c.Name))),
                string.Join(", ", a.TargetGroups.Select(k => Name(plan.TargetGroups.FirstOrDefault(t => t.Key == k)?.Name, k, whole: false, plan.TargetGroups, t => t.Key, t => t.Name))
                    .Concat(a.Goals.Select(k => GoalName(plan, k)))),
                Responsible(a),
                a.FollowUpMetric));
        }
        return rows;
    }

    /// <summary>
    /// The entry's name where the import finds the entry by it (a name holding a separator such as "och" or "/",
    /// or one that is another entry's key, would not be); otherwise its key, which always is.
    /// </summary>
    private static string Name<T>(string? name, string key, bool whole, IEnumerable<T> entries, Func<T, string> keyOf, Func<T, string> nameOf)
    {
        if (string.IsNullOrWhiteSpace(name)) return key;
        var splitsToItself = whole || PlanImport.Words(name).SequenceEqual([name.Trim()]);
        return splitsToItself && PlanImport.Match(name, entries, keyOf, nameOf) == key ? name.Trim() : key;
    }

    /// <summary>A goal shares the column with the target groups, which the import tries first.</summary>
    private static string GoalName(Plan plan, string key)
    {
        var name = Name(plan.Goals.FirstOrDefault(g => g.Key == key)?.Name, key, whole: false, plan.Goals, g => g.Key, g => g.Name);
        return PlanImport.Match(name, plan.TargetGroups, t => t.Key, t => t.Name) is null ? name : key;
    }

    /// <summary>"Maria Öberg &lt;maria.oberg@pitea.se&gt;" for an owner, or the role the import kept as text ("Kommunikatör").</summary>
    private static string? Responsible(Activity a)
    {
        if (a.Owner is { } owner)
        {
            if (owner.Email is not { Length: > 0 } email) return owner.DisplayName;
            return string.IsNullOrWhiteSpace(owner.DisplayName) || string.Equals(owner.DisplayName, email, StringComparison.OrdinalIgnoreCase)
                ? email
                : $"{owner.DisplayName} <{email}>";
        }
        var prefix = PlanImport.AnsvarKontaktperson + ": ";
        return a.Description is { } d && d.StartsWith(prefix, StringComparison.Ordinal) ? d[prefix.Length..] : null;
    }
}
