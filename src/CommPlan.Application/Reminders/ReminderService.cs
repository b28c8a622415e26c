using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Domain.Activities;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Reminders;

namespace CommPlan.Application.Reminders;

/// <summary>Where a reminder stands for its recipient, as communicators see it in the delivery report.</summary>
public enum ReminderReportState
{
    Queued,
    Sending,
    Sent,
    /// <summary>Teams asked to wait (throttled) or did not answer; it will be tried again.</summary>
    Retrying,
    Failed,
    /// <summary>The conversation cannot be written to: the person blocked or removed the app, or the chat is gone.</summary>
    Unreachable,
    /// <summary>The person's chat was gone, and opening it again failed too.</summary>
    ConversationGone,
    NotInstalled,
    Unresolved,
    LeftOrganisation,
}

public sealed record ReminderReportLine(ReminderDelivery Delivery, ReminderReportState State, string? Reason);

/// <summary>
/// The reminders' use cases for people: reading and changing a plan's policy (communicators change it), the
/// preview of a day (the planner itself, so the preview is what will be sent) and the delivery report.
/// </summary>
public sealed class ReminderService(
    IPlanStore plans, IActivityStore activityStore, IReminderStore reminders, IOutboxStore outbox, ReminderInputs inputs, ActivityService activities,
    AccessGate gate, OrganisationClock clock)
{
    /// <summary>The version tag of a plan that still uses the default policy; a first save quotes it.</summary>
    public const string DefaultPolicyETag = "\"default\"";

    public async Task<Versioned<ReminderPolicy>> GetPolicyAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        await RequirePlanAsync(planId, ct);
        return await reminders.GetPolicyAsync(planId, ct) ?? new Versioned<ReminderPolicy>(ReminderPolicy.Default, DefaultPolicyETag);
    }

    public async Task<Versioned<ReminderPolicy>> SavePolicyAsync(Actor actor, Guid planId, ReminderPolicy policy, string? ifMatch, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ManagePlanSettings);
        if (string.IsNullOrEmpty(ifMatch)) throw new PreconditionRequiredException("Reminder policy of plan " + planId);
        var plan = await RequirePlanAsync(planId, ct);
        var valid = policy.Validated();
        var unknown = valid.UnitManagers.Select((m, i) => (m, i)).Where(x => !plan.HasUnit(x.m.UnitKey)).ToArray();
        if (unknown.Length > 0)
            throw new Domain.Common.DomainValidationException(unknown.Select(x => new Domain.Common.FieldError($"unitManagers[{x.i}].unitKey", Domain.Common.ErrorCodes.UnknownReference)).ToArray());
        return await reminders.SavePolicyAsync(planId, valid, ifMatch, ct);
    }

    /// <summary>What the plan's policy sends on <paramref name="day"/>, per recipient: communicators only, as it names everyone's deadlines.</summary>
    public async Task<ReminderSweep> PreviewAsync(Actor actor, Guid planId, DateOnly day, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ManagePlanSettings);
        var input = await inputs.ForPlanAsync(planId, ct);
        var snoozes = await reminders.ListSnoozesAsync(day.AddYears(-1), ct);
        return ReminderPlanner.Preview([input], clock.Calendar, clock.TimeZone, snoozes, day);
    }

    /// <summary>Every reminder of the plan in the days given, with its state and reason per recipient: nobody is dropped silently.</summary>
    public async Task<IReadOnlyList<ReminderReportLine>> DeliveryReportAsync(Actor actor, Guid planId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ManagePlanSettings);
        var lines = new List<ReminderReportLine>();
        var entries = new Dictionary<Guid, OutboxEntry?>();
        foreach (var delivery in await reminders.ListAsync(planId, from, to, ct))
        {
            if (delivery.OutboxEntryId is not { } id)
            {
                lines.Add(new ReminderReportLine(delivery, delivery.State switch
                {
                    ReminderDeliveryState.NotInstalled => ReminderReportState.NotInstalled,
                    ReminderDeliveryState.LeftOrganisation => ReminderReportState.LeftOrganisation,
                    _ => ReminderReportState.Unresolved,
                }, delivery.Reason));
                continue;
            }
            if (!entries.TryGetValue(id, out var entry)) entries[id] = entry = await outbox.GetAsync(id, ct);
            lines.Add(entry switch
            {
                null => new ReminderReportLine(delivery, ReminderReportState.Failed, "The outbox entry is gone."),
                { State: OutboxState.Pending, Attempts: 0 } => new(delivery, ReminderReportState.Queued, null),
                { State: OutboxState.Pending } => new(delivery, ReminderReportState.Retrying, entry.LastError),
                { State: OutboxState.Sending } => new(delivery, ReminderReportState.Sending, null),
                { State: OutboxState.Sent } => new(delivery, ReminderReportState.Sent, null),
                { State: OutboxState.Dead, LastError: { } error } when error.StartsWith("conversationGone", StringComparison.Ordinal) =>
                    new(delivery, ReminderReportState.ConversationGone, error),
                { State: OutboxState.Dead } => new(delivery, ReminderReportState.Unreachable, entry.LastError),
                _ => new(delivery, ReminderReportState.Failed, entry.LastError),
            });
        }
        return lines;
    }

    /// <summary>Marks the deadline done: its occurrence, or the activity when it has none. Its owner or a communicator.</summary>
    public async Task<Versioned<Activity>> MarkDoneAsync(Actor actor, Guid planId, Guid activityId, DateOnly deadline, CancellationToken ct)
    {
        var current = await FindActivityAsync(planId, activityId, ct);
        return current.Value.Occurrences.Any(o => o.Deadline == deadline)
            ? await activities.ChangeOccurrenceStatusAsync(actor, planId, activityId, deadline, ActivityStatus.Done, null, current.ETag, ct)
            : await activities.ChangeStatusAsync(actor, planId, activityId, ActivityStatus.Done, current.ETag, ct);
    }

    public async Task<Versioned<Activity>> RecordFigureAsync(Actor actor, Guid planId, Guid activityId, decimal value, CancellationToken ct)
    {
        var current = await FindActivityAsync(planId, activityId, ct);
        return await activities.RecordFigureAsync(actor, planId, activityId, new FollowUpFigure(clock.Today, value, null), current.ETag, ct);
    }

    /// <summary>
    /// No more reminders of the deadline for this person until <paramref name="until"/>, when they hear once more.
    /// The activity's owner or a communicator; the day must be after today.
    /// </summary>
    public async Task SnoozeAsync(Actor actor, Guid planId, Guid activityId, DateOnly deadline, string recipientKey, DateOnly until, CancellationToken ct)
    {
        var current = await FindActivityAsync(planId, activityId, ct);
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.RecordProgress, current.Value.Owner);
        if (until <= clock.Today)
            throw new Domain.Common.DomainValidationException([new Domain.Common.FieldError("until", Domain.Common.ErrorCodes.OutOfRange, clock.Today.AddDays(1))]);
        await reminders.SaveSnoozeAsync(new ReminderSnooze(activityId, deadline, recipientKey, until), ct);
    }

    /// <summary>One working day on from today, the short snooze on the card.</summary>
    public DateOnly NextWorkingDay() => clock.Calendar.AddWorkingDays(clock.Today, 1);

    /// <summary>
    /// The owner says the activity is not theirs: the plan's communicators are the ones to tell, so they can choose
    /// another owner. The activity's owner or a communicator may say so; nothing in the activity changes.
    /// </summary>
    public async Task<(Activity Activity, ReminderContacts Contacts)> HandBackAsync(Actor actor, Guid planId, Guid activityId, CancellationToken ct)
    {
        var current = await FindActivityAsync(planId, activityId, ct);
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.RecordProgress, current.Value.Owner);
        var roles = (await plans.GetRolesAsync(planId, ct))?.Value ?? PlanRoles.Empty;
        return (current.Value, ReminderInputs.ContactsOf(roles));
    }

    private async Task<Versioned<Activity>> FindActivityAsync(Guid planId, Guid activityId, CancellationToken ct) =>
        await activityStore.GetAsync(planId, activityId, ct) ?? throw new NotFoundException("Activity " + activityId);

    private async Task<Domain.Plans.Plan> RequirePlanAsync(Guid planId, CancellationToken ct) =>
        await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
}
