using CommPlan.Domain.Activities;

namespace CommPlan.Domain.Reminders;

/// <summary>Why a reminder goes out.</summary>
public enum ReminderKind
{
    /// <summary>Working days before the deadline.</summary>
    Ahead,
    /// <summary>On the deadline (the last working day on or before it).</summary>
    DueToday,
    /// <summary>Working days after the deadline, the activity still open.</summary>
    Late,
    /// <summary>To the unit's manager and the communicators, the owner having been late long enough.</summary>
    Escalation,
    /// <summary>The day a snooze ends.</summary>
    SnoozeEnded,
}

/// <summary>One moment of the policy for one deadline: the kind and its count of working days (before or after).</summary>
public readonly record struct ReminderPoint(ReminderKind Kind, int WorkingDays)
{
    /// <summary>Stable text for keys: before-7, due, late-2, escalate, snooze.</summary>
    public string Code => Kind switch
    {
        ReminderKind.Ahead => "before-" + WorkingDays,
        ReminderKind.DueToday => "due",
        ReminderKind.Late => "late-" + WorkingDays,
        ReminderKind.Escalation => "escalate",
        ReminderKind.SnoozeEnded => "snooze",
        _ => throw new InvalidOperationException(Kind.ToString()),
    };
}

/// <summary>
/// A person asked not to hear about one deadline (an activity, or one occurrence of it) until a date; on that date
/// they are reminded once, and the policy's points before it are left out.
/// </summary>
public sealed record ReminderSnooze(Guid ActivityId, DateOnly Deadline, string RecipientKey, DateOnly Until);

/// <summary>People reached about a plan beyond the owners: its communicators and managers, for escalations.</summary>
public sealed record ReminderContacts(IReadOnlyList<Owner> Communicators, IReadOnlyList<Owner> Managers)
{
    public static ReminderContacts None { get; } = new([], []);
}

/// <summary>One plan's part of a sweep: its activities, its policy and its contacts.</summary>
public sealed record PlanReminderInput(Guid PlanId, IReadOnlyCollection<Activity> Activities, ReminderPolicy Policy, ReminderContacts Contacts);

/// <summary>
/// One thing to tell one person: a deadline (of an activity, or of one occurrence of a recurring one) and the
/// policy point that makes it due. <see cref="Key"/> is unique per (activity occurrence, point, recipient): a
/// reminder with a key already sent is never sent again. <see cref="CatchUp"/>: its day passed while nothing ran,
/// and it stands for every point missed since.
/// </summary>
public sealed record DueReminder(
    string Key, Guid PlanId, Guid ActivityId, string Title, string UnitKey, DateOnly Deadline, bool IsOccurrence,
    ReminderPoint Point, DateOnly PointDate, Owner Recipient, Owner? ActivityOwner, string? FollowUpMetric, bool CatchUp);

/// <summary>Everything one person hears about on one day, as one card. The key is unique per (recipient, day).</summary>
public sealed record ReminderDigest(string Key, string RecipientKey, Owner Recipient, DateOnly Day, IReadOnlyList<DueReminder> Items);

/// <summary>
/// What a sweep found. <see cref="InWindow"/> is false outside the send window or on a day off: nothing was
/// considered, and the sweep must not count as a run (the points waiting stay waiting).
/// </summary>
public sealed record ReminderSweep(bool InWindow, DateOnly Day, IReadOnlyList<ReminderDigest> Digests)
{
    public IEnumerable<DueReminder> Items => Digests.SelectMany(d => d.Items);
}

public static class ReminderRecipients
{
    /// <summary>
    /// How a person is known to the reminder ledger: by Entra object id, or by e-mail (lower case) for someone
    /// picked in SharePoint whose object id is not known yet. Null for neither.
    /// </summary>
    public static string? KeyOf(Owner person) =>
        person.ObjectId is { } id && id != Guid.Empty ? id.ToString("D")
        : string.IsNullOrWhiteSpace(person.Email) ? null
        : "mail:" + person.Email.Trim().ToLowerInvariant();
}
