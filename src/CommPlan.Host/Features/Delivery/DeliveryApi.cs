using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Host.Outbox;
using CommPlan.Teams.Schema;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommPlan.Host.Features.Delivery;

/// <summary>
/// What the outbox gave up on, and putting it back in the queue: for the communicators of any plan and for the
/// administrators (the bootstrap communicators, Access:Communicators), who are the ones told that delivery failed.
/// </summary>
public static class DeliveryApi
{
    /// <summary>The most failed entries one report lists (the count says how many there are).</summary>
    public const int ReportSize = 500;

    public static RouteGroupBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var failed = app.MapGroup("/api/outbox/failed").RequireAuthorization().WithTags("Delivery")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        failed.MapGet("/", async (Actor actor, DeliveryAccess access, IOutboxStore outbox, IConversationStore conversations, CancellationToken ct) =>
        {
            await access.DemandAsync(actor, ct);
            var count = await outbox.CountFailedAsync(ct);
            var entries = await outbox.ListFailedAsync(ReportSize, ct);
            var names = new Dictionary<string, ConversationRecord?>(StringComparer.Ordinal);
            foreach (var id in entries.Select(e => ConversationIds.Base(e.ConversationId)).Distinct())
                names[id] = await conversations.GetAsync(id, ct);
            return TypedResults.Ok(new FailedDeliveryReport(count, entries.Select(e =>
            {
                var conversation = names[ConversationIds.Base(e.ConversationId)];
                return new FailedDelivery(e.Id, e.ConversationId, conversation?.Name, conversation?.Kind, e.Operation, e.LastError ?? "",
                    e.Attempts, e.CreatedAt, e.UpdatedAt);
            }).ToArray()));
        }).WithName("ListFailedDeliveries");

        failed.MapPost("/requeue", async (Actor actor, DeliveryAccess access, IOutboxStore outbox, OutboxSignal signal, TimeProvider time,
            ILoggerFactory logs, CancellationToken ct) =>
        {
            await access.DemandAsync(actor, ct);
            var count = await outbox.RequeueFailedAsync(null, time.GetUtcNow(), ct);
            Requeued(logs, actor, count);
            signal.Wake();
            return TypedResults.Ok(new RequeueResult(count));
        }).WithName("RequeueFailedDeliveries");

        failed.MapPost("/{entryId:guid}/requeue", async Task<Results<Ok<RequeueResult>, NotFound>> (Guid entryId, Actor actor, DeliveryAccess access,
            IOutboxStore outbox, OutboxSignal signal, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
        {
            await access.DemandAsync(actor, ct);
            var count = await outbox.RequeueFailedAsync([entryId], time.GetUtcNow(), ct);
            if (count == 0) return TypedResults.NotFound();
            Requeued(logs, actor, count);
            signal.Wake();
            return TypedResults.Ok(new RequeueResult(count));
        }).WithName("RequeueFailedDelivery");

        return failed;
    }

    private static void Requeued(ILoggerFactory logs, Actor actor, int count) =>
        logs.CreateLogger(typeof(DeliveryApi)).LogInformation("{Count} failed outgoing activities were put back in the queue by {ObjectId}.", count, actor.ObjectId);
}

/// <summary>Who may see and requeue failed deliveries: a communicator of at least one plan.</summary>
public sealed class DeliveryAccess(IPlanStore plans, AccessGate gate)
{
    /// <exception cref="AccessDeniedException">The actor is a communicator of no plan.</exception>
    public async Task DemandAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor, Operation.ManagePlanSettings);
        // Administrators are communicators of every plan, even before there is one.
        if (gate.Policy.RoleOf(actor.ToCaller(actor.Groups ?? new HashSet<Guid>()), PlanRoles.Empty) == PlanRole.Communicator) return;
        foreach (var plan in await plans.ListAsync(ct))
        {
            if (await plans.GetRolesAsync(plan.Id, ct) is not { } roles) continue;
            if ((await gate.ForRolesAsync(actor, roles.Value, ct)).Role == PlanRole.Communicator) return;
        }
        throw new AccessDeniedException(AccessDecision.Refuse(Operation.ManagePlanSettings, PlanRole.Reader, RefusalReason.CommunicatorsOnly));
    }
}

/// <summary>An outgoing activity given up on: where it was going, why, and when it was tried.</summary>
/// <param name="FirstAttemptAt">When it was written (or last put back in the queue): its first attempt.</param>
/// <param name="LastAttemptAt">When it was given up.</param>
public sealed record FailedDelivery(Guid Id, string ConversationId, string? ConversationName, ConversationKind? ConversationKind,
    OutboxOperation Operation, string Reason, int Attempts, DateTimeOffset FirstAttemptAt, DateTimeOffset LastAttemptAt);

/// <param name="Count">How many entries are failed; <see cref="Items"/> lists the oldest of them.</param>
public sealed record FailedDeliveryReport(int Count, IReadOnlyList<FailedDelivery> Items);

public sealed record RequeueResult(int Requeued);
