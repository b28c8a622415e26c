using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;

namespace CommPlan.Domain.Plans;

/// <summary>The vocabulary of a plan as a communicator rewrites it: names, and the entries of each list.</summary>
public sealed record PlanVocabulary(
    string Organisation, string Department, string Title,
    IReadOnlyList<Goal> Goals, IReadOnlyList<TargetGroup> TargetGroups, IReadOnlyList<Channel> Channels, IReadOnlyList<Unit> Units);

public static class PlanRevision
{
    /// <summary>
    /// The plan with a new vocabulary, same id and year. Entries are matched by key, so a renamed channel keeps the
    /// activities that use it. An entry that activities still use cannot be removed: they would point at nothing,
    /// and the person removing it would not see which rows lost their channel. The error names how many use it.
    /// </summary>
    /// <exception cref="DomainValidationException">The vocabulary breaks the plan's rules, or drops an entry in use.</exception>
    public static Plan Revise(this Plan plan, PlanVocabulary vocabulary, IEnumerable<Activity> activities)
    {
        var errors = new ErrorCollector();
        Plan? revised = null;
        try
        {
            revised = Plan.Create(plan.Id, plan.Year, vocabulary.Organisation, vocabulary.Department, vocabulary.Title,
                vocabulary.Goals ?? [], vocabulary.TargetGroups ?? [], vocabulary.Channels ?? [], vocabulary.Units ?? []);
        }
        catch (DomainValidationException e)
        {
            foreach (var error in e.Errors) errors.Add(error.Field, error.Code, error.Limit);
        }

        var rows = activities.ToArray();
        InUse(errors, "goals", plan.Goals.Select(x => x.Key), (vocabulary.Goals ?? []).Select(x => x.Key), key => rows.Count(a => a.Goals.Contains(key)));
        InUse(errors, "targetGroups", plan.TargetGroups.Select(x => x.Key), (vocabulary.TargetGroups ?? []).Select(x => x.Key), key => rows.Count(a => a.TargetGroups.Contains(key)));
        InUse(errors, "channels", plan.Channels.Select(x => x.Key), (vocabulary.Channels ?? []).Select(x => x.Key), key => rows.Count(a => a.Channels.Contains(key)));
        InUse(errors, "units", plan.Units.Select(x => x.Key), (vocabulary.Units ?? []).Select(x => x.Key), key => rows.Count(a => a.UnitKey == key));
        errors.ThrowIfAny();
        return revised!;
    }

    private static void InUse(ErrorCollector errors, string field, IEnumerable<string> before, IEnumerable<string> after, Func<string, int> users)
    {
        var kept = after.ToHashSet(StringComparer.Ordinal);
        foreach (var key in before.Where(k => !kept.Contains(k)))
        {
            var count = users(key);
            if (count > 0) errors.Add($"{field}[{key}]", ErrorCodes.InUse, count);
        }
    }
}
