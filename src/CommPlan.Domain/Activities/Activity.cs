using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;

namespace CommPlan.Domain.Activities;

/// <summary>
/// One row of the activity plan: what is done, when, by which unit, through which channels, for whom, towards
/// which goals, by whom, and how it is followed up. Every change goes through a method that keeps the rules.
/// </summary>
public sealed class Activity
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxMetricLength = 200;
    public const int MaxOwnerNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxReferences = 30;
    public const int MaxFigures = 500;
    public const int MaxNoteLength = 500;

    private List<Occurrence> _occurrences = [];
    private List<FollowUpFigure> _figures = [];

    private Activity(Guid id, Guid planId)
    {
        Id = id;
        PlanId = planId;
    }

    public Guid Id { get; }
    public Guid PlanId { get; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public string UnitKey { get; private set; } = "";
    public Period Period { get; private set; }
    public DateOnly Deadline { get; private set; }
    public Recurrence? Recurrence { get; private set; }
    public IReadOnlyList<string> Channels { get; private set; } = [];
    public IReadOnlyList<string> TargetGroups { get; private set; } = [];
    public IReadOnlyList<string> Goals { get; private set; } = [];
    public Owner? Owner { get; private set; }
    public string? FollowUpMetric { get; private set; }
    public ActivityStatus Status { get; private set; }
    public DateOnly? CompletedOn { get; private set; }
    public IReadOnlyList<Occurrence> Occurrences => _occurrences;
    public IReadOnlyList<FollowUpFigure> FollowUpFigures => _figures;

    public static Activity Create(Guid id, Plan plan, ActivityDetails details, DateOnly today)
    {
        var activity = new Activity(id, plan.Id);
        activity.Apply(plan, details, today, isNew: true);
        return activity;
    }

    /// <summary>Replaces what people wrote about the activity; status changes follow <see cref="ChangeStatus"/>'s rules.</summary>
    public void Revise(Plan plan, ActivityDetails details, DateOnly today)
    {
        if (plan.Id != PlanId) throw new InvalidOperationException("An activity cannot move to another plan.");
        Apply(plan, details, today, isNew: false);
    }

    public void ChangeStatus(ActivityStatus status, DateOnly today, DateOnly? completedOn = null)
    {
        var errors = new ErrorCollector();
        var (next, completed) = NextStatus(Status, CompletedOn, status, completedOn, Owner, today, errors);
        errors.ThrowIfAny();
        Status = next;
        CompletedOn = completed;
    }

    /// <summary>
    /// Marks one occurrence of a recurring activity. The activity follows its occurrences: progress on one puts a
    /// planned activity in progress; when all are settled it is done; reopening one reopens a done activity. A
    /// cancelled activity takes no progress on its occurrences.
    /// </summary>
    public void ChangeOccurrenceStatus(DateOnly deadline, ActivityStatus status, DateOnly today, DateOnly? completedOn = null)
    {
        var index = _occurrences.FindIndex(o => o.Deadline == deadline);
        var errors = new ErrorCollector();
        if (index < 0)
        {
            errors.Add("occurrence", ErrorCodes.UnknownReference, deadline);
            errors.ThrowIfAny();
        }
        if (Status == ActivityStatus.Cancelled && status is ActivityStatus.InProgress or ActivityStatus.Done)
        {
            errors.Add("status", ErrorCodes.InvalidTransition, Status);
            errors.ThrowIfAny();
        }
        var current = _occurrences[index];
        var (next, completed) = NextStatus(current.Status, current.CompletedOn, status, completedOn, Owner, today, errors);
        errors.ThrowIfAny();
        _occurrences[index] = current with { Status = next, CompletedOn = completed };

        if (_occurrences.All(o => !o.IsOpen) && _occurrences.Any(o => o.Status == ActivityStatus.Done))
        {
            if (Status != ActivityStatus.Done)
            {
                Status = ActivityStatus.Done;
                CompletedOn = _occurrences.Where(o => o.CompletedOn is not null).Max(o => o.CompletedOn);
            }
        }
        else if (Status == ActivityStatus.Done && _occurrences.Any(o => o.IsOpen))
        {
            Status = ActivityStatus.InProgress;
            CompletedOn = null;
        }
        else if (Status == ActivityStatus.Planned && next is ActivityStatus.InProgress or ActivityStatus.Done)
        {
            Status = ActivityStatus.InProgress;
        }
    }

    public void RecordFigure(FollowUpFigure figure, DateOnly today)
    {
        var errors = new ErrorCollector();
        if (FollowUpMetric is null) errors.Add("followUpMetric", ErrorCodes.Required);
        if (figure.RecordedOn > today) errors.Add("recordedOn", ErrorCodes.CompletionInFuture, today);
        errors.OptionalText("note", figure.Note, MaxNoteLength);
        if (_figures.Count >= MaxFigures) errors.Add("figures", ErrorCodes.TooMany, MaxFigures);
        errors.ThrowIfAny();
        _figures.Add(figure with { Note = string.IsNullOrWhiteSpace(figure.Note) ? null : figure.Note.Trim() });
    }

    /// <summary>Late: still open after its deadline, or with an open occurrence past its own deadline.</summary>
    public bool IsLate(DateOnly today) =>
        Status is ActivityStatus.Planned or ActivityStatus.InProgress
        && (today > Deadline || _occurrences.Any(o => o.IsLate(today)));

    /// <summary>The next deadline still to meet on or after <paramref name="today"/>, if any.</summary>
    public DateOnly? NextDeadline(DateOnly today)
    {
        if (Status is ActivityStatus.Done or ActivityStatus.Cancelled) return null;
        if (_occurrences.Count == 0) return Deadline >= today ? Deadline : null;
        return _occurrences.Where(o => o.IsOpen && o.Deadline >= today).Select(o => (DateOnly?)o.Deadline).FirstOrDefault();
    }

    /// <summary>
    /// Whether the activity has something happening in the given month: a recurring one in the months its
    /// occurrences fall due (a quarterly magazine shows four times, not twelve), any other throughout its period.
    /// </summary>
    public bool IsActiveIn(int year, int month) =>
        _occurrences.Count > 0
            ? _occurrences.Any(o => o.Deadline.Year == year && o.Deadline.Month == month)
            : Period.TouchesMonth(year, month);

    public ActivitySnapshot ToSnapshot() => new(
        Id, PlanId, Title, Description, UnitKey, Period, Deadline, Recurrence, Channels, TargetGroups, Goals, Owner,
        FollowUpMetric, Status, CompletedOn, _occurrences.ToArray(), _figures.ToArray());

    /// <summary>Rebuilds an activity that was valid when it was stored; storage adapters only.</summary>
    public static Activity FromSnapshot(ActivitySnapshot s) => new(s.Id, s.PlanId)
    {
        Title = s.Title,
        Description = s.Description,
        UnitKey = s.UnitKey,
        Period = s.Period,
        Deadline = s.Deadline,
        Recurrence = s.Recurrence,
        Channels = s.Channels.ToArray(),
        TargetGroups = s.TargetGroups.ToArray(),
        Goals = s.Goals.ToArray(),
        Owner = s.Owner,
        FollowUpMetric = s.FollowUpMetric,
        Status = s.Status,
        CompletedOn = s.CompletedOn,
        _occurrences = s.Occurrences.ToList(),
        _figures = s.FollowUpFigures.ToList(),
    };

    private void Apply(Plan plan, ActivityDetails d, DateOnly today, bool isNew)
    {
        var errors = new ErrorCollector();
        var title = errors.RequiredText("title", d.Title, MaxTitleLength);
        var description = errors.OptionalText("description", d.Description, MaxDescriptionLength);
        var metric = errors.OptionalText("followUpMetric", d.FollowUpMetric, MaxMetricLength);

        var unit = d.UnitKey?.Trim() ?? "";
        if (unit.Length == 0) errors.Add("unit", ErrorCodes.Required);
        else if (!plan.HasUnit(unit)) errors.Add("unit", ErrorCodes.UnknownReference);

        if (!d.Period.IsValid) errors.Add("period.to", ErrorCodes.PeriodReversed, d.Period.From);
        else if (d.Period.From < plan.FirstDay || d.Period.To > plan.LastDay)
            errors.Add(d.Period.From < plan.FirstDay ? "period.from" : "period.to", ErrorCodes.PeriodOutsidePlanYear, plan.Year);

        // Only a deadline the person gave is checked: the default (the period's end or last occurrence) lies in the
        // period, so a bad period is reported once, on the period, not again on a deadline nobody wrote.
        if (d.Deadline is { } deadline)
        {
            if (deadline < d.Period.From) errors.Add("deadline", ErrorCodes.DeadlineBeforePeriod, d.Period.From);
            // A deadline may fall after the period (a report due after the campaign), but not past the next year.
            if (deadline > plan.LastDay.AddYears(1)) errors.Add("deadline", ErrorCodes.OutOfRange, plan.LastDay.AddYears(1));
        }

        if (d.Recurrence is not null && d.Period.IsValid && d.Recurrence.Deadlines(d.Period).Count == 0)
            errors.Add("recurrence", ErrorCodes.OutOfRange, d.Period.ToString());

        var channels = References("channels", d.Channels, plan.HasChannel, errors);
        var targetGroups = References("targetGroups", d.TargetGroups, plan.HasTargetGroup, errors);
        var goals = References("goals", d.Goals, plan.HasGoal, errors);

        var owner = d.Owner;
        if (owner is not null)
        {
            var email = string.IsNullOrWhiteSpace(owner.Email) ? null : owner.Email.Trim();
            // Teams reaches an owner by object id; one known only by e-mail came from SharePoint and is linked later.
            if (owner.ObjectId == Guid.Empty || (owner.ObjectId is null && email is null)) errors.Add("owner.objectId", ErrorCodes.Required);
            if (email is not null && !IsEmailAddress(email)) errors.Add("owner.email", ErrorCodes.Unparseable);
            var name = errors.RequiredText("owner.displayName", owner.DisplayName, MaxOwnerNameLength);
            owner = owner with { DisplayName = name ?? "", Email = email };
        }

        var (status, completedOn) = isNew
            ? NextStatus(ActivityStatus.Planned, null, d.Status ?? ActivityStatus.Planned, d.CompletedOn, owner, today, errors)
            : NextStatus(Status, CompletedOn, d.Status ?? Status, d.CompletedOn, owner, today, errors);

        errors.ThrowIfAny();

        Title = title!;
        Description = description;
        UnitKey = unit;
        FollowUpMetric = metric;
        Channels = channels;
        TargetGroups = targetGroups;
        Goals = goals;
        Owner = owner;
        Status = status;
        CompletedOn = completedOn;
        var scheduleChanged = isNew || d.Period != Period || d.Recurrence != Recurrence;
        Period = d.Period;
        Recurrence = d.Recurrence;
        if (scheduleChanged) _occurrences = Expand(d.Period, d.Recurrence, _occurrences);
        Deadline = d.Deadline ?? (_occurrences.Count > 0 ? _occurrences[^1].Deadline : d.Period.To);
    }

    /// <summary>New occurrences for a changed schedule, keeping the progress of any whose deadline stays.</summary>
    private static List<Occurrence> Expand(Period period, Recurrence? recurrence, List<Occurrence> previous)
    {
        if (recurrence is null) return [];
        var kept = previous.ToDictionary(o => o.Deadline);
        return recurrence.Deadlines(period)
            .Select(deadline => kept.TryGetValue(deadline, out var o) ? o : new Occurrence(deadline, ActivityStatus.Planned, null))
            .ToList();
    }

    /// <summary>
    /// The status rules, in one place: in progress and done need an owner; a done activity keeps its completion
    /// date until it is reopened; a completion date cannot be in the future and comes only with done; a cancelled
    /// activity is only re-planned.
    /// </summary>
    private static (ActivityStatus, DateOnly?) NextStatus(ActivityStatus from, DateOnly? completedOn, ActivityStatus to,
        DateOnly? requestedCompletion, Owner? owner, DateOnly today, ErrorCollector errors)
    {
        if (!Enum.IsDefined(to))
        {
            errors.Add("status", ErrorCodes.Unparseable);
            return (from, completedOn);
        }
        // A completion date belongs to "done" only; taking it with another status and dropping it would hide the mistake.
        if (requestedCompletion is not null && to != ActivityStatus.Done)
        {
            errors.Add("completedOn", ErrorCodes.CompletedOnNeedsDone);
            return (from, completedOn);
        }
        if (to is ActivityStatus.InProgress or ActivityStatus.Done && owner is null)
        {
            errors.Add("owner", ErrorCodes.OwnerRequired);
            return (from, completedOn);
        }
        if (from == ActivityStatus.Cancelled && to is ActivityStatus.InProgress or ActivityStatus.Done)
        {
            errors.Add("status", ErrorCodes.InvalidTransition, from);
            return (from, completedOn);
        }
        switch (to)
        {
            case ActivityStatus.Done when from == ActivityStatus.Done:
                return (to, completedOn);
            case ActivityStatus.Done:
                var day = requestedCompletion ?? today;
                if (day > today) errors.Add("completedOn", ErrorCodes.CompletionInFuture, today);
                return (to, day);
            default:
                return (to, null);
        }
    }

    private static string[] References(string field, IReadOnlyList<string>? keys, Func<string, bool> exists, ErrorCollector errors)
    {
        var list = (keys ?? []).Select(k => k?.Trim() ?? "").ToArray();
        if (list.Length > MaxReferences) errors.Add(field, ErrorCodes.TooMany, MaxReferences);
        for (var i = 0; i < list.Length; i++)
        {
            if (!exists(list[i])) errors.Add($"{field}[{i}]", ErrorCodes.UnknownReference);
            else if (Array.IndexOf(list, list[i]) != i) errors.Add($"{field}[{i}]", ErrorCodes.Duplicate);
        }
        return list;
    }

    /// <summary>A plausible address (local@domain, no spaces), not a full RFC 5322 check: the directory is the judge.</summary>
    private static bool IsEmailAddress(string text)
    {
        var at = text.IndexOf('@');
        return text.Length <= MaxEmailLength && at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1
            && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) && text[(at + 1)..].Contains('.');
    }
}

/// <summary>Everything an activity holds, flat, for storage adapters to write and read back.</summary>
public sealed record ActivitySnapshot(
    Guid Id,
    Guid PlanId,
    string Title,
    string? Description,
    string UnitKey,
    Period Period,
    DateOnly Deadline,
    Recurrence? Recurrence,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> TargetGroups,
    IReadOnlyList<string> Goals,
    Owner? Owner,
    string? FollowUpMetric,
    ActivityStatus Status,
    DateOnly? CompletedOn,
    IReadOnlyList<Occurrence> Occurrences,
    IReadOnlyList<FollowUpFigure> FollowUpFigures);
