using CommPlan.Domain.Activities;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>One entry of an activity's history, written once; <see cref="Sequence"/> orders it as it was written.</summary>
public sealed class ActivityHistoryRow
{
    public long Sequence { get; set; }
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public Guid ActivityId { get; set; }
    public long AtMs { get; set; }
    public Guid ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public string ChangesJson { get; set; } = "[]";

    public static ActivityHistoryRow From(ActivityHistoryEntry e) => new()
    {
        Id = e.Id, PlanId = e.PlanId, ActivityId = e.ActivityId, AtMs = e.At.ToUnixTimeMilliseconds(), ActorId = e.ActorId,
        ActorName = e.ActorName, ChangesJson = Json.Write(e.Changes),
    };

    public ActivityHistoryEntry ToEntry() => new(Id, PlanId, ActivityId, DateTimeOffset.FromUnixTimeMilliseconds(AtMs), ActorId, ActorName,
        Json.Read<ActivityFieldChange[]>(ChangesJson));
}
