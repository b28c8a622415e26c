using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Reminders;

namespace CommPlan.Host.Features.Reminders;

/// <summary>The lines of a reminder card as they stand now: the ledger's reminders with their activities' current state.</summary>
public sealed class ReminderLineReader(IActivityStore activities, IReminderStore reminders, OrganisationClock clock)
{
    public async Task<IReadOnlyList<ReminderLine>> ReadAsync(IReadOnlyList<ReminderDelivery> deliveries, CancellationToken ct)
    {
        if (deliveries.Count == 0) return [];
        var today = clock.Today;
        var snoozes = await reminders.ListSnoozesAsync(today.AddDays(1), ct);
        var found = new Dictionary<Guid, Activity?>();
        var lines = new List<ReminderLine>(deliveries.Count);
        foreach (var d in deliveries)
        {
            if (!found.TryGetValue(d.ActivityId, out var activity))
                found[d.ActivityId] = activity = (await activities.GetAsync(d.PlanId, d.ActivityId, ct))?.Value;
            var snooze = snoozes.Where(s => s.ActivityId == d.ActivityId && s.Deadline == d.Deadline && s.RecipientKey == d.RecipientKey).MaxBy(s => s.Until);
            var state = activity is null ? ReminderLineState.Gone
                : !IsOpen(activity, d.Deadline) ? (Status(activity, d.Deadline) == ActivityStatus.Done ? ReminderLineState.Done : ReminderLineState.Gone)
                : snooze is not null ? ReminderLineState.Snoozed
                : ReminderLineState.Open;
            lines.Add(new ReminderLine(d.PlanId, d.ActivityId, activity?.Title ?? d.Title, d.Deadline, d.Kind, d.WorkingDays, d.CatchUp,
                activity?.Owner?.DisplayName, activity?.FollowUpMetric, state, snooze?.Until));
        }
        return lines;
    }

    public static ReminderLine FromDue(DueReminder item) => new(item.PlanId, item.ActivityId, item.Title, item.Deadline, item.Point.Kind,
        item.Point.WorkingDays, item.CatchUp, item.ActivityOwner?.DisplayName, item.FollowUpMetric);

    private static bool IsOpen(Activity activity, DateOnly deadline) => Status(activity, deadline) is ActivityStatus.Planned or ActivityStatus.InProgress;

    /// <summary>The status of the deadline: its occurrence's, or the activity's when it has none (or the occurrence is gone).</summary>
    private static ActivityStatus Status(Activity activity, DateOnly deadline) =>
        activity.Status is ActivityStatus.Done or ActivityStatus.Cancelled
            ? activity.Status
            : activity.Occurrences.FirstOrDefault(o => o.Deadline == deadline)?.Status ?? activity.Status;
}
