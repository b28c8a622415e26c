using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Domain.Activities;

namespace CommPlan.Host.Features.Plans;

/// <summary>One change of a field, as stored: dates as yyyy-MM-dd, statuses by name, the plan's keys.</summary>
public sealed record ActivityFieldChangeView(string Field, string? Before, string? After);

/// <summary>Who changed the activity, when (UTC), and what changed.</summary>
public sealed record ActivityHistoryEntryView(Guid Id, DateTimeOffset At, Guid ChangedBy, string ChangedByName, IReadOnlyList<ActivityFieldChangeView> Changes)
{
    public static ActivityHistoryEntryView From(ActivityHistoryEntry e) =>
        new(e.Id, e.At.ToUniversalTime(), e.ActorId, e.ActorName, e.Changes.Select(c => new ActivityFieldChangeView(c.Field, c.Before, c.After)).ToArray());
}

public static class ActivityHistoryApi
{
    /// <summary>GET …/activities/{activityId}/history: the activity's changes, newest first; everyone who reads the activity reads it.</summary>
    public static RouteGroupBuilder MapActivityHistory(this RouteGroupBuilder activities)
    {
        activities.MapGet("/{activityId:guid}/history", async (Guid planId, Guid activityId, ActivityService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok((await service.HistoryAsync(actor, planId, activityId, ct)).Select(ActivityHistoryEntryView.From).ToArray()))
            .WithName("GetActivityHistory")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return activities;
    }
}
