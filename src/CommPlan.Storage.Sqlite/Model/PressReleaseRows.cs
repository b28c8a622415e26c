using CommPlan.Domain.PressReleases;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>
/// A press release as stored: what is filtered on as columns, the release itself as JSON. <see cref="RowVersion"/> is
/// the optimistic concurrency token behind the ETag.
/// </summary>
public sealed class PressReleaseRow
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public string State { get; set; } = "";
    public int Version { get; set; }
    public string DataJson { get; set; } = "{}";
    public long CreatedAtMs { get; set; }
    public long RowVersion { get; set; }

    public string ETag() => $"\"{RowVersion}\"";

    public PressRelease ToRelease() => Json.Read<PressRelease>(DataJson);

    public void CopyFrom(PressRelease r)
    {
        Id = r.Id;
        PlanId = r.PlanId;
        State = r.State.ToString();
        Version = r.Version;
        DataJson = Json.Write(r);
        CreatedAtMs = r.CreatedAt.ToUnixTimeMilliseconds();
    }
}

/// <summary>One audit entry, written once; <see cref="Sequence"/> orders the record as it was written.</summary>
public sealed class AuditEntryRow
{
    public long Sequence { get; set; }
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public Guid ReleaseId { get; set; }
    public int Version { get; set; }
    public string Action { get; set; } = "";
    public string StateAfter { get; set; } = "";
    public Guid ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Comment { get; set; }
    public string DocumentVersion { get; set; } = "";

    public static AuditEntryRow From(AuditEntry e) => new()
    {
        Id = e.Id, PlanId = e.PlanId, ReleaseId = e.ReleaseId, Version = e.Version, Action = e.Action.ToString(),
        StateAfter = e.StateAfter.ToString(), ActorId = e.Actor.ObjectId, ActorName = e.Actor.Name, At = e.At,
        Comment = e.Comment, DocumentVersion = e.DocumentVersion,
    };

    public AuditEntry ToEntry() => new(Id, PlanId, ReleaseId, Version, Enum.Parse<AuditAction>(Action), Enum.Parse<PressReleaseState>(StateAfter),
        new Person(ActorId, ActorName), At, Comment, DocumentVersion);
}

/// <summary>One adoption of a plan document in the plan's record, written once; <see cref="Sequence"/> orders them as written.</summary>
public sealed class AdoptionEntryRow
{
    public long Sequence { get; set; }
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public string Document { get; set; } = "";
    public string DocumentVersion { get; set; } = "";
    public Guid ActorId { get; set; }
    public string ActorName { get; set; } = "";
    public DateTimeOffset At { get; set; }

    public static AdoptionEntryRow From(AdoptionEntry e) => new()
    {
        Id = e.Id, PlanId = e.PlanId, Document = e.Document, DocumentVersion = e.DocumentVersion, ActorId = e.Actor.ObjectId,
        ActorName = e.Actor.Name, At = e.At,
    };

    public AdoptionEntry ToEntry() => new(Id, PlanId, Document, DocumentVersion, new Person(ActorId, ActorName), At);
}

/// <summary>A plan's approval conversation.</summary>
public sealed class ApprovalConversationRow
{
    public Guid PlanId { get; set; }
    public string ConversationId { get; set; } = "";
    public Guid SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}
