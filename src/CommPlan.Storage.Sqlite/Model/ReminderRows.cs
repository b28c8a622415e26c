namespace CommPlan.Storage.Sqlite.Model;

/// <summary>A plan's reminder policy as JSON, with its own version for If-Match.</summary>
public sealed class ReminderPolicyRow
{
    public Guid PlanId { get; set; }
    public string PolicyJson { get; set; } = "{}";
    public long Version { get; set; }
}

/// <summary>
/// One reminder in the ledger. <see cref="Key"/> (activity occurrence, point, recipient) is the primary key: the
/// database itself refuses a second record of a reminder, whichever instance writes it.
/// </summary>
public sealed class ReminderDeliveryRow
{
    public string Key { get; set; } = "";
    public string DigestKey { get; set; } = "";
    public Guid PlanId { get; set; }
    public Guid ActivityId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly Deadline { get; set; }
    public bool IsOccurrence { get; set; }
    public string Kind { get; set; } = "";
    public int WorkingDays { get; set; }
    public string RecipientKey { get; set; } = "";
    public string RecipientName { get; set; } = "";
    public DateOnly Day { get; set; }
    public bool CatchUp { get; set; }
    public string State { get; set; } = "";
    public string? Reason { get; set; }
    public Guid? OutboxEntryId { get; set; }
    public string? ConversationId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A person's snooze of one deadline.</summary>
public sealed class ReminderSnoozeRow
{
    public Guid ActivityId { get; set; }
    public DateOnly Deadline { get; set; }
    public string RecipientKey { get; set; } = "";
    public DateOnly Until { get; set; }
}

/// <summary>The scheduler's last sweep inside the send window (Unix milliseconds), shared by every instance.</summary>
public sealed class ReminderRunRow
{
    public string Name { get; set; } = "";
    public long LastRunAtMs { get; set; }
}

/// <summary>An owner known by e-mail whose Entra object id the directory gave: asked once, then read from here.</summary>
public sealed class ReminderRecipientRow
{
    public string Address { get; set; } = "";
    public Guid ObjectId { get; set; }
    public long ResolvedAtMs { get; set; }
}
