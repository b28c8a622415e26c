using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Access;

/// <summary>
/// What a revision of an activity amounts to, for the policy: progress only (status, completion date,
/// occurrences, figures) or an edit of anything else. Judged on the activity before and after the domain has
/// applied the change, so that trimming and defaults count as the model sees them.
/// </summary>
public static class ActivityChange
{
    public static Operation Classify(ActivitySnapshot before, ActivitySnapshot after) =>
        OnlyProgress(before, after) ? Operation.RecordProgress : Operation.EditActivity;

    public static bool OnlyProgress(ActivitySnapshot before, ActivitySnapshot after) =>
        before.Id == after.Id
        && before.PlanId == after.PlanId
        && before.Title == after.Title
        && before.Description == after.Description
        && before.UnitKey == after.UnitKey
        && before.Period == after.Period
        && before.Deadline == after.Deadline
        && before.Recurrence == after.Recurrence
        && before.Channels.SequenceEqual(after.Channels)
        && before.TargetGroups.SequenceEqual(after.TargetGroups)
        && before.Goals.SequenceEqual(after.Goals)
        && before.Owner == after.Owner
        && before.FollowUpMetric == after.FollowUpMetric;
}
