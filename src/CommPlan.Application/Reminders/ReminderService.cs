using CommPlan.Application.Access;
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
    NotInstalled,
    Unresolved,
    LeftOrganisation,
}

public sealed record ReminderReportLine(ReminderDelivery Delivery, ReminderReportState State, string? Reason);

/// <summary>
/// The reminders' use cases for people: reading and changing a plan's policy (communicators change it), the
/// preview of a day (the planner itself, so the preview is what will be sent) and the delivery report.
/// </summary>
public sealed class ReminderService(IPlanStore plans, IReminderStore reminders, IOutboxStore outbox, ReminderInputs inputs, AccessGate gate, OrganisationClock clock)
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
                { State: OutboxState.Dead } => new(delivery, ReminderReportState.Unreachable, entry.LastError),
                _ => new(delivery, ReminderReportState.Failed, entry.LastError),
            });
        }
        return lines;
    }

    private async Task<Domain.Plans.Plan> RequirePlanAsync(Guid planId, CancellationToken ct) =>
        await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
}
