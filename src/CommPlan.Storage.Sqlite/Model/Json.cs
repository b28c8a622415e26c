using System.Text.Json;
using System.Text.Json.Serialization;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>How the JSON columns are written: camelCase, enums as names, so the file stays readable by hand.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException("A stored JSON column was empty: " + typeof(T).Name);

    public sealed record RecurrenceDto(RecurrenceKind Kind, int Count, int[] Months)
    {
        public static RecurrenceDto? From(Recurrence? r) => r is null ? null : new(r.Kind, r.Count, r.MonthNumbers.ToArray());

        public Recurrence ToRecurrence() => Kind switch
        {
            RecurrenceKind.Monthly => Recurrence.Monthly(),
            RecurrenceKind.PerTerm => Recurrence.PerTerm(),
            RecurrenceKind.TimesPerYear => Recurrence.TimesPerYear(Count),
            RecurrenceKind.SpecificMonths => Recurrence.SpecificMonths(Months),
            _ => throw new InvalidDataException("Unknown recurrence " + Kind),
        };
    }
}

internal static class RowMapping
{
    public static PlanRow ToRow(this Plan p, PlanRow? row = null)
    {
        row ??= new PlanRow { Id = p.Id };
        row.Year = p.Year;
        row.Organisation = p.Organisation;
        row.Department = p.Department;
        row.Title = p.Title;
        row.GoalsJson = Json.Write(p.Goals);
        row.TargetGroupsJson = Json.Write(p.TargetGroups);
        row.ChannelsJson = Json.Write(p.Channels);
        row.UnitsJson = Json.Write(p.Units);
        return row;
    }

    public static Plan ToPlan(this PlanRow r) => Plan.Create(r.Id, r.Year, r.Organisation, r.Department, r.Title,
        Json.Read<Goal[]>(r.GoalsJson), Json.Read<TargetGroup[]>(r.TargetGroupsJson),
        Json.Read<Channel[]>(r.ChannelsJson), Json.Read<Unit[]>(r.UnitsJson));

    public static PlanRoles ToRoles(this PlanRow r) => PlanRoles.Create(Json.Read<RoleAssignment[]>(r.RolesJson));

    public static string RolesETag(this PlanRow r) => $"\"{r.RolesVersion}\"";

    public static void CopyTo(this Activity a, ActivityRow row)
    {
        var s = a.ToSnapshot();
        row.Id = s.Id;
        row.PlanId = s.PlanId;
        row.Title = s.Title;
        row.Description = s.Description;
        row.UnitKey = s.UnitKey;
        row.PeriodFrom = s.Period.From;
        row.PeriodTo = s.Period.To;
        row.Deadline = s.Deadline;
        row.RecurrenceJson = s.Recurrence is null ? null : Json.Write(Json.RecurrenceDto.From(s.Recurrence));
        row.ChannelsJson = Json.Write(s.Channels);
        row.TargetGroupsJson = Json.Write(s.TargetGroups);
        row.GoalsJson = Json.Write(s.Goals);
        row.OwnerId = s.Owner?.ObjectId;
        row.OwnerName = s.Owner?.DisplayName;
        row.OwnerEmail = s.Owner?.Email;
        row.FollowUpMetric = s.FollowUpMetric;
        row.Status = s.Status.ToString();
        row.CompletedOn = s.CompletedOn;
        row.OccurrencesJson = Json.Write(s.Occurrences);
        row.FiguresJson = Json.Write(s.FollowUpFigures);
    }

    public static Activity ToActivity(this ActivityRow r) => Activity.FromSnapshot(new ActivitySnapshot(
        r.Id, r.PlanId, r.Title, r.Description, r.UnitKey, new Period(r.PeriodFrom, r.PeriodTo), r.Deadline,
        r.RecurrenceJson is null ? null : Json.Read<Json.RecurrenceDto>(r.RecurrenceJson).ToRecurrence(),
        Json.Read<string[]>(r.ChannelsJson), Json.Read<string[]>(r.TargetGroupsJson), Json.Read<string[]>(r.GoalsJson),
        r.OwnerName is { } owner ? new Owner(r.OwnerId, owner, r.OwnerEmail) : null,
        r.FollowUpMetric, Enum.Parse<ActivityStatus>(r.Status), r.CompletedOn,
        Json.Read<Occurrence[]>(r.OccurrencesJson), Json.Read<FollowUpFigure[]>(r.FiguresJson)));

    public static string ETag(this ActivityRow r) => ETag(r.Version);

    public static string ETag(long version) => $"\"{version}\"";
}
