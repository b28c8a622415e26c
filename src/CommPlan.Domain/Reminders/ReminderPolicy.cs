using CommPlan.Domain.Common;

namespace CommPlan.Domain.Reminders;

/// <summary>Who answers for a unit when one of its activities is left late: the person escalations go to.</summary>
public sealed record UnitManager(string UnitKey, Guid ObjectId, string DisplayName);

/// <summary>
/// A plan's reminder policy: when owners hear about a deadline (working days before it, on the day, on working days
/// after it up to a limit), when the unit's manager and the communicators are told, and the hours of the working day
/// in which the app may send.
/// </summary>
public sealed record ReminderPolicy
{
    public const int MaxLeadDays = 60;
    public const int MaxLeads = 10;
    public const int MaxLateReminders = 20;
    public const int MaxUnitManagers = 100;

    public bool Enabled { get; init; } = true;

    /// <summary>Working days before the deadline on which the owner is reminded, e.g. 7 and 1.</summary>
    public IReadOnlyList<int> LeadWorkingDays { get; init; } = [7, 1];

    /// <summary>Whether the owner is reminded on the deadline itself (the last working day on or before it).</summary>
    public bool OnTheDay { get; init; } = true;

    /// <summary>On how many working days after the deadline a late owner is reminded again (the 1st, 2nd, … after it).</summary>
    public int LateReminders { get; init; } = 3;

    /// <summary>After this many working days late, the unit's manager and the communicators are told; 0: never.</summary>
    public int EscalateAfterWorkingDays { get; init; } = 5;

    /// <summary>Start of the send window, local time in the organisation's time zone.</summary>
    public TimeOnly SendFrom { get; init; } = new(8, 0);

    /// <summary>End of the send window (exclusive), local time.</summary>
    public TimeOnly SendUntil { get; init; } = new(16, 0);

    /// <summary>The manager named per unit; a unit without one escalates to the plan's managers.</summary>
    public IReadOnlyList<UnitManager> UnitManagers { get; init; } = [];

    public static ReminderPolicy Default { get; } = new();

    /// <summary>The policy as given, checked; every broken rule is reported at once.</summary>
    /// <exception cref="DomainValidationException">A rule is broken.</exception>
    public ReminderPolicy Validated()
    {
        var errors = new ErrorCollector();
        var leads = (LeadWorkingDays ?? []).ToArray();
        if (leads.Length > MaxLeads) errors.Add("leadWorkingDays", ErrorCodes.TooMany, MaxLeads);
        for (var i = 0; i < leads.Length; i++)
        {
            if (leads[i] is < 1 or > MaxLeadDays) errors.Add($"leadWorkingDays[{i}]", ErrorCodes.OutOfRange, $"1-{MaxLeadDays}");
            else if (Array.IndexOf(leads, leads[i]) != i) errors.Add($"leadWorkingDays[{i}]", ErrorCodes.Duplicate);
        }
        if (LateReminders is < 0 or > MaxLateReminders) errors.Add("lateReminders", ErrorCodes.OutOfRange, $"0-{MaxLateReminders}");
        if (EscalateAfterWorkingDays is < 0 or > MaxLeadDays) errors.Add("escalateAfterWorkingDays", ErrorCodes.OutOfRange, $"0-{MaxLeadDays}");
        if (SendUntil <= SendFrom) errors.Add("sendUntil", ErrorCodes.OutOfRange, SendFrom.ToString("HH:mm"));
        var managers = (UnitManagers ?? []).ToArray();
        if (managers.Length > MaxUnitManagers) errors.Add("unitManagers", ErrorCodes.TooMany, MaxUnitManagers);
        var seen = new HashSet<(string, Guid)>();
        for (var i = 0; i < managers.Length; i++)
        {
            var m = managers[i];
            if (string.IsNullOrWhiteSpace(m.UnitKey)) errors.Add($"unitManagers[{i}].unitKey", ErrorCodes.Required);
            if (m.ObjectId == Guid.Empty) errors.Add($"unitManagers[{i}].objectId", ErrorCodes.Required);
            else if (!seen.Add((m.UnitKey ?? "", m.ObjectId))) errors.Add($"unitManagers[{i}]", ErrorCodes.Duplicate);
            errors.RequiredText($"unitManagers[{i}].displayName", m.DisplayName, Activities.Activity.MaxOwnerNameLength);
        }
        errors.ThrowIfAny();
        return this with
        {
            LeadWorkingDays = leads.OrderDescending().ToArray(),
            UnitManagers = managers.Select(m => m with { UnitKey = m.UnitKey.Trim(), DisplayName = m.DisplayName.Trim() }).ToArray(),
        };
    }

    /// <summary>Equal by value, lists included (a record would compare the lists by reference).</summary>
    public bool Equals(ReminderPolicy? other) =>
        other is not null && Enabled == other.Enabled && LeadWorkingDays.SequenceEqual(other.LeadWorkingDays) && OnTheDay == other.OnTheDay
        && LateReminders == other.LateReminders && EscalateAfterWorkingDays == other.EscalateAfterWorkingDays
        && SendFrom == other.SendFrom && SendUntil == other.SendUntil && UnitManagers.SequenceEqual(other.UnitManagers);

    public override int GetHashCode() => HashCode.Combine(Enabled, OnTheDay, LateReminders, EscalateAfterWorkingDays, SendFrom, SendUntil,
        LeadWorkingDays.Count, UnitManagers.Count);
}
