using System.Globalization;

namespace CommPlan.Domain.Activities;

/// <summary>
/// One field of an activity as it was and as it became. Values are written culture-free (dates as yyyy-MM-dd,
/// statuses by name, keys as the plan names them) so that each reader sees them in their own language.
/// </summary>
/// <param name="Field">The field: one of <see cref="ActivityHistory"/>'s field names; an occurrence is
/// "occurrence:yyyy-MM-dd", a figure "figure".</param>
public sealed record ActivityFieldChange(string Field, string? Before, string? After);

/// <summary>Who changed an activity, when, and what changed. Written once and never changed or removed.</summary>
public sealed record ActivityHistoryEntry(
    Guid Id,
    Guid PlanId,
    Guid ActivityId,
    DateTimeOffset At,
    Guid ActorId,
    string ActorName,
    IReadOnlyList<ActivityFieldChange> Changes);

/// <summary>What changed between two snapshots of an activity, field by field.</summary>
public static class ActivityHistory
{
    public const string Title = "title";
    public const string Description = "description";
    public const string Unit = "unit";
    public const string PeriodFrom = "period.from";
    public const string PeriodTo = "period.to";
    public const string Deadline = "deadline";
    public const string Recurrence = "recurrence";
    public const string Channels = "channels";
    public const string TargetGroups = "targetGroups";
    public const string Goals = "goals";
    public const string Owner = "owner";
    public const string FollowUpMetric = "followUpMetric";
    public const string Status = "status";
    public const string CompletedOn = "completedOn";
    public const string Figure = "figure";
    public const string OccurrencePrefix = "occurrence:";

    /// <summary>The fields that differ, in the order of the activity's row; empty when nothing changed.</summary>
    public static IReadOnlyList<ActivityFieldChange> Compare(ActivitySnapshot before, ActivitySnapshot after)
    {
        var changes = new List<ActivityFieldChange>();
        void Add(string field, string? was, string? now)
        {
            if (!string.Equals(was, now, StringComparison.Ordinal)) changes.Add(new ActivityFieldChange(field, was, now));
        }

        Add(Title, before.Title, after.Title);
        Add(Description, before.Description, after.Description);
        Add(Unit, before.UnitKey, after.UnitKey);
        Add(PeriodFrom, Date(before.Period.From), Date(after.Period.From));
        Add(PeriodTo, Date(before.Period.To), Date(after.Period.To));
        Add(Deadline, Date(before.Deadline), Date(after.Deadline));
        Add(Recurrence, RecurrenceOf(before.Recurrence), RecurrenceOf(after.Recurrence));
        Add(Channels, Keys(before.Channels), Keys(after.Channels));
        Add(TargetGroups, Keys(before.TargetGroups), Keys(after.TargetGroups));
        Add(Goals, Keys(before.Goals), Keys(after.Goals));
        Add(Owner, OwnerOf(before.Owner), OwnerOf(after.Owner));
        Add(FollowUpMetric, before.FollowUpMetric, after.FollowUpMetric);
        Add(Status, before.Status.ToString(), after.Status.ToString());
        Add(CompletedOn, Date(before.CompletedOn), Date(after.CompletedOn));
        // Occurrences by deadline: a status reported on one occurrence is one line, not the whole schedule.
        var was = before.Occurrences.ToDictionary(o => o.Deadline);
        foreach (var occurrence in after.Occurrences)
        {
            was.TryGetValue(occurrence.Deadline, out var old);
            Add(OccurrencePrefix + Date(occurrence.Deadline), old?.Status.ToString(), occurrence.Status.ToString());
        }
        // Figures are only ever added: each new one is a line of its own.
        foreach (var figure in after.FollowUpFigures.Skip(before.FollowUpFigures.Count))
            changes.Add(new ActivityFieldChange(Figure, null, FigureOf(figure)));
        return changes;
    }

    /// <summary>A figure as a change carries it: "yyyy-MM-dd value" and its note after a space, if any.</summary>
    public static string FigureOf(FollowUpFigure figure) =>
        $"{Date(figure.RecordedOn)} {figure.Value.ToString(CultureInfo.InvariantCulture)}{(figure.Note is { Length: > 0 } n ? " " + n : "")}";

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Keys(IReadOnlyList<string> keys) => keys.Count == 0 ? null : string.Join(", ", keys);

    private static string? OwnerOf(Owner? owner) => owner switch
    {
        null => null,
        { Email: { Length: > 0 } email } => $"{owner.DisplayName} <{email}>",
        _ => owner.DisplayName,
    };

    private static string? RecurrenceOf(Recurrence? recurrence) => recurrence switch
    {
        null => null,
        { Kind: RecurrenceKind.TimesPerYear } r => $"{r.Kind} {r.Count}",
        { Kind: RecurrenceKind.SpecificMonths } r => $"{r.Kind} {string.Join(",", r.MonthNumbers)}",
        var r => r.Kind.ToString(),
    };
}
