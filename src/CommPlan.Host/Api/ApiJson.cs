using System.Text.Json;
using System.Text.Json.Serialization;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Host.Api;

/// <summary>The API's JSON: camelCase, enums as camelCase strings, unknown fields refused.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return o;
    }
}

public sealed record PeriodJson(DateOnly From, DateOnly To);

public sealed record RecurrenceJson(RecurrenceKind Kind, int? Count = null, int[]? Months = null)
{
    public static RecurrenceJson? From(Recurrence? r) => r is null ? null
        : new(r.Kind, r.Kind == RecurrenceKind.TimesPerYear ? r.Count : null, r.Kind == RecurrenceKind.SpecificMonths ? r.MonthNumbers.ToArray() : null);
}

/// <summary>An owner: the object id (how Teams reaches them) or the e-mail address (how SharePoint knows them), or both.</summary>
public sealed record OwnerJson(Guid? ObjectId, string DisplayName, string? Email = null);

/// <summary>What a client sends to create or replace an activity.</summary>
public sealed record ActivityInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Unit { get; init; }
    public PeriodJson? Period { get; init; }

    /// <summary>The period as people write it ("maj och okt", "4 ggr/år"); used when <see cref="Period"/> is absent.</summary>
    public string? Schedule { get; init; }

    public DateOnly? Deadline { get; init; }
    public RecurrenceJson? Recurrence { get; init; }
    public string[]? Channels { get; init; }
    public string[]? TargetGroups { get; init; }
    public string[]? Goals { get; init; }
    public OwnerJson? Owner { get; init; }
    public string? FollowUpMetric { get; init; }
    public ActivityStatus? Status { get; init; }
    public DateOnly? CompletedOn { get; init; }
}

public sealed record FigureInput(DateOnly? RecordedOn, decimal? Value, string? Note);

public sealed record OccurrenceInput(ActivityStatus? Status, DateOnly? CompletedOn);

public sealed record OccurrenceView(DateOnly Deadline, ActivityStatus Status, DateOnly? CompletedOn, bool IsLate);

public sealed record ActivityView(
    Guid Id, Guid PlanId, string Title, string? Description, string Unit, PeriodJson Period, DateOnly Deadline,
    RecurrenceJson? Recurrence, IReadOnlyList<string> Channels, IReadOnlyList<string> TargetGroups,
    IReadOnlyList<string> Goals, OwnerJson? Owner, string? FollowUpMetric, IReadOnlyList<FollowUpFigure> FollowUpFigures,
    ActivityStatus Status, DateOnly? CompletedOn, bool IsLate, DateOnly? NextDeadline,
    IReadOnlyList<OccurrenceView> Occurrences, string ETag)
{
    public static ActivityView From(Activity a, string etag, DateOnly today) => new(
        a.Id, a.PlanId, a.Title, a.Description, a.UnitKey, new PeriodJson(a.Period.From, a.Period.To), a.Deadline,
        RecurrenceJson.From(a.Recurrence), a.Channels, a.TargetGroups, a.Goals,
        a.Owner is null ? null : new OwnerJson(a.Owner.ObjectId, a.Owner.DisplayName, a.Owner.Email), a.FollowUpMetric,
        a.FollowUpFigures, a.Status, a.CompletedOn, a.IsLate(today), a.NextDeadline(today),
        a.Occurrences.Select(o => new OccurrenceView(o.Deadline, o.Status, o.CompletedOn, o.IsLate(today))).ToArray(), etag);
}

public sealed record ActivityList(int Count, IReadOnlyList<ActivityView> Items);

public sealed record PlanSummary(Guid Id, int Year, string Title, string Organisation, string Department)
{
    public static PlanSummary From(Plan p) => new(p.Id, p.Year, p.Title, p.Organisation, p.Department);
}

public sealed record PlanView(
    Guid Id, int Year, string Title, string Organisation, string Department, IReadOnlyList<Goal> Goals,
    IReadOnlyList<TargetGroup> TargetGroups, IReadOnlyList<Channel> Channels, IReadOnlyList<Unit> Units)
{
    public static PlanView From(Plan p) => new(p.Id, p.Year, p.Title, p.Organisation, p.Department, p.Goals, p.TargetGroups, p.Channels, p.Units);
}
