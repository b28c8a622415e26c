using CommPlan.Application.Notifications;
using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;

namespace CommPlan.Application.Reminders;

/// <summary>What one sweep did: whether it ran in the send window, and how many cards it queued or found unsendable.</summary>
public sealed record SweepOutcome(bool InWindow, int Queued, int Unreachable, int TakenElsewhere);

/// <summary>
/// One tick of the reminder scheduler: runs the planner over the stored plans and, per digest, records the reminders
/// not yet in the ledger together with the outbox entry that tells their recipient. A key already recorded (by an
/// earlier run, or by another instance in the same moment) is never recorded or sent again; the last run moves on
/// only after every digest is recorded, so a crash mid-sweep repeats the sweep and the ledger drops what is done.
/// </summary>
public sealed class ReminderSweeper(
    ReminderInputs inputs, IReminderStore reminders, IReminderNotifier notifier, ReminderRecipientResolver recipients, OrganisationClock clock)
{
    public async Task<SweepOutcome> RunAsync(CancellationToken ct)
    {
        var now = clock.Time.GetUtcNow();
        var today = clock.Today;
        if (!clock.Calendar.IsWorkingDay(today)) return new SweepOutcome(false, 0, 0, 0);
        var plans = await inputs.AroundAsync(today, ct);
        var snoozes = await reminders.ListSnoozesAsync(today.AddYears(-1), ct);
        var lastRun = await reminders.GetLastRunAsync(ct);
        var sweep = ReminderPlanner.Sweep(plans, clock.Calendar, clock.TimeZone, snoozes, now, lastRun);
        if (!sweep.InWindow) return new SweepOutcome(false, 0, 0, 0);

        int queued = 0, unreachable = 0, elsewhere = 0;
        foreach (var digest in sweep.Digests)
        {
            var recorded = await reminders.RecordedAsync(digest.Items.Select(i => i.Key).ToArray(), ct);
            var fresh = digest.Items.Where(i => !recorded.Contains(i.Key)).ToArray();
            if (fresh.Length == 0) continue;
            var earlier = await reminders.ListDigestAsync(digest.Key, ct);
            // Someone known only by e-mail is looked up before their first reminder; not found, the ledger says why.
            var recipient = await recipients.ResolveAsync(digest.Recipient, ct);
            var notice = recipient.Person is { } person
                ? await notifier.ComposeAsync(digest with { Recipient = person, Items = fresh }, earlier, ct)
                : ReminderNotice.Unreachable(recipient.State, recipient.Reason!);
            var rows = fresh.Select(i => ToDelivery(i, digest, notice, now)).ToArray();
            if (!await reminders.RecordAsync(rows, notice.Entry, now, ct)) elsewhere++;
            else if (notice.Entry is null) unreachable++;
            else queued++;
        }
        await reminders.SetLastRunAsync(now, ct);
        return new SweepOutcome(true, queued, unreachable, elsewhere);
    }

    private static ReminderDelivery ToDelivery(DueReminder item, ReminderDigest digest, ReminderNotice notice, DateTimeOffset at) => new(
        item.Key, digest.Key, item.PlanId, item.ActivityId, item.Title, item.Deadline, item.IsOccurrence, item.Point.Kind, item.Point.WorkingDays,
        digest.RecipientKey, digest.Recipient.DisplayName, digest.Day, item.CatchUp, notice.State, notice.Reason, null, notice.ConversationId, at);
}
