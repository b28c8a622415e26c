using CommPlan.Application.Storage;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>A Teams conversation the app can write to, as the bot last saw it.</summary>
public sealed class ConversationRow
{
    public string ConversationId { get; set; } = "";
    public string ServiceUrl { get; set; } = "";
    public string TenantId { get; set; } = "";
    public ConversationKind Kind { get; set; }
    public string BotId { get; set; } = "";
    public string? UserId { get; set; }
    public string? UserAadObjectId { get; set; }
    public string? TeamId { get; set; }
    public string? Name { get; set; }
    public string? Locale { get; set; }
    public ConversationState State { get; set; }
    public string? StateReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// An outbox entry. <see cref="Sequence"/> is the table's autoincrement key, so it grows with every write and never
/// repeats; the due time is Unix milliseconds so that SQLite can compare and sort it.
/// </summary>
public sealed class OutboxRow
{
    public long Sequence { get; set; }
    public Guid Id { get; set; }
    public string ConversationId { get; set; } = "";
    public OutboxOperation Operation { get; set; }
    public string PayloadJson { get; set; } = "";
    public string? CorrelationKey { get; set; }
    public string? TargetActivityId { get; set; }
    public string? TargetCorrelationKey { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long NextAttemptAtMs { get; set; }
    public string? SentActivityId { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The instance sending the entry while it is Sending, where several instances share the database.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when (Unix milliseconds) <see cref="ClaimedBy"/> holds it; after that another instance takes it over.</summary>
    public long? LeaseUntilMs { get; set; }
}
