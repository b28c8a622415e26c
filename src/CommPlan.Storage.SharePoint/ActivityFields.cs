using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CommPlan.Domain.Activities;
using C = CommPlan.Storage.SharePoint.ActivityColumns;

namespace CommPlan.Storage.SharePoint;

/// <summary>An activity as read from its list item, and the site user now in its Owner column when someone changed it there (0: emptied).</summary>
public sealed record ReadActivity(Activity Activity, int? OwnerChange);

/// <summary>
/// An activity as a list item. The visible columns mirror the municipal table so people can read, sort and edit
/// the plan in SharePoint. They cannot carry everything losslessly (the occurrences of a recurring activity and
/// their progress, every recorded figure with its note, completion dates, the owner's Entra object id), so the
/// whole snapshot is also kept as JSON in a hidden column. Reading starts from that JSON and lays the editable
/// columns over it: what someone changed in SharePoint (title, description, unit, period, deadline, channels,
/// target groups, goals, owner name, metric, status) wins, an emptied column included, and the rest keeps its full detail. Recurrence,
/// follow-up figure and completion date are written for people to see; their truth is the JSON.
/// The Owner person column holds a site-local user id. The JSON remembers which id the app wrote, so a person
/// picked in SharePoint shows as a different id: the store then looks that person up (see <see cref="Read"/>).
/// </summary>
public sealed class ActivityFields(TimeZoneInfo siteTimeZone)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new RecurrenceConverter() },
    };

    /// <summary>Where the app's data keeps the person column's value as it wrote it.</summary>
    private const string WrittenOwnerId = "sharePointOwnerId";

    /// <param name="ownerSiteUserId">The owner's id in the site's user list, when the owner is a site user.</param>
    public JsonObject ToFields(Activity activity, int? ownerSiteUserId)
    {
        var s = activity.ToSnapshot();
        var latest = s.FollowUpFigures.OrderBy(f => f.RecordedOn).LastOrDefault();
        var fields = new JsonObject
        {
            [C.Title] = s.Title,
            [C.ActivityId] = s.Id.ToString(),
            [C.PlanId] = s.PlanId.ToString(),
            [C.PeriodFrom] = Date(s.Period.From),
            [C.PeriodTo] = Date(s.Period.To),
            [C.Deadline] = Date(s.Deadline),
            [C.Unit] = s.UnitKey,
            [C.Description] = s.Description,
            [C.OwnerName] = s.Owner?.DisplayName,
            [C.OwnerObjectId] = s.Owner?.ObjectId?.ToString(),
            [C.Owner + "LookupId"] = ownerSiteUserId,
            [C.FollowUpMetric] = s.FollowUpMetric,
            [C.FollowUpFigure] = latest is null ? null : JsonValue.Create(latest.Value),
            [C.Status] = s.Status.ToString(),
            [C.CompletedOn] = s.CompletedOn is { } done ? Date(done) : null,
            [C.Recurrence] = s.Recurrence is null ? null : RecurrenceConverter.Write(s.Recurrence),
            [C.Data] = Data(s, ownerSiteUserId),
        };
        MultiChoice(fields, C.Channels, s.Channels);
        MultiChoice(fields, C.TargetGroups, s.TargetGroups);
        MultiChoice(fields, C.Goals, s.Goals);
        return fields;
    }

    private static string Data(ActivitySnapshot s, int? ownerSiteUserId)
    {
        var data = JsonSerializer.SerializeToNode(s, Json)!.AsObject();
        if (ownerSiteUserId is { } id) data[WrittenOwnerId] = id;
        return data.ToJsonString();
    }

    public Activity FromFields(JsonElement fields) => Read(fields).Activity;

    /// <summary>
    /// The activity, and the site user now in its Owner column when that is not the one the app wrote: someone
    /// picked a person in SharePoint (zero: they emptied the column). The caller looks that person up, once for a
    /// whole read, and sets the owner with <see cref="WithOwner"/>.
    /// </summary>
    public ReadActivity Read(JsonElement fields)
    {
        var data = Text(fields, C.Data) ?? throw new InvalidDataException("A list item of the activity plan has no CommPlan data.");
        using var document = JsonDocument.Parse(data);
        var s = document.RootElement.Deserialize<ActivitySnapshot>(Json) ?? throw new InvalidDataException("Empty CommPlan data.");
        int? written = document.RootElement.TryGetProperty(WrittenOwnerId, out var w) && w.TryGetInt32(out var id) ? id : null;
        var now = SiteUserId(fields);
        var owner = s.Owner is { } o && Text(fields, C.OwnerName) is { Length: > 0 } name ? o with { DisplayName = name } : s.Owner;
        var from = ReadDate(fields, C.PeriodFrom) ?? s.Period.From;
        var to = ReadDate(fields, C.PeriodTo) ?? s.Period.To;
        s = s with
        {
            // Graph leaves an empty field out of the item, and an item always comes whole (every field it has), so an
            // absent column that may be empty was emptied, in SharePoint or by the app. Title, dates and status cannot
            // be empty in an activity: for those the app's data stands.
            Title = Text(fields, C.Title) ?? s.Title,
            Description = Text(fields, C.Description),
            UnitKey = Text(fields, C.Unit) ?? "",
            Period = from <= to ? new Period(from, to) : s.Period,
            Deadline = ReadDate(fields, C.Deadline) ?? s.Deadline,
            Channels = Strings(fields, C.Channels) ?? [],
            TargetGroups = Strings(fields, C.TargetGroups) ?? [],
            Goals = Strings(fields, C.Goals) ?? [],
            FollowUpMetric = Text(fields, C.FollowUpMetric),
            Status = Enum.TryParse<ActivityStatus>(Text(fields, C.Status), out var status) ? status : s.Status,
            Owner = owner,
        };
        return new ReadActivity(Activity.FromSnapshot(s), now == written ? null : now ?? 0);
    }

    public static Activity WithOwner(Activity activity, Owner? owner) => Activity.FromSnapshot(activity.ToSnapshot() with { Owner = owner });

    /// <summary>
    /// A row someone added by hand in SharePoint: no app id, plan id or app data, only the visible columns. It belongs
    /// to the plan of the year its period starts or its deadline falls in; without a title or a date it is not an
    /// activity yet. Its id is derived from the list item, so it stays the same until the app first writes the row.
    /// A person in its Owner column comes back as the change to look up.
    /// </summary>
    public ReadActivity? FromHandRow(JsonElement fields, string itemId, Guid planId, int planYear)
    {
        var title = Text(fields, C.Title);
        var deadline = ReadDate(fields, C.Deadline);
        var to = ReadDate(fields, C.PeriodTo) ?? deadline;
        var from = ReadDate(fields, C.PeriodFrom) ?? to;
        if (string.IsNullOrWhiteSpace(title) || from is null || to is null || from > to) return null;
        var due = deadline ?? to.Value;
        if (from.Value.Year != planYear && due.Year != planYear) return null;
        var status = Enum.TryParse<ActivityStatus>(Text(fields, C.Status), out var s) ? s : ActivityStatus.Planned;
        return new ReadActivity(Activity.FromSnapshot(new ActivitySnapshot(
            HandRowId(itemId), planId, title.Trim(), Text(fields, C.Description), Text(fields, C.Unit) ?? "",
            new Period(from.Value, to.Value), due, null, Strings(fields, C.Channels) ?? [], Strings(fields, C.TargetGroups) ?? [],
            Strings(fields, C.Goals) ?? [], null, Text(fields, C.FollowUpMetric), status,
            status == ActivityStatus.Done ? ReadDate(fields, C.CompletedOn) ?? due : null, [], [])), SiteUserId(fields));
    }

    /// <summary>A stable id for a hand-added row: a name-based GUID of its list item id.</summary>
    public static Guid HandRowId(string itemId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("commplan:sharepoint-item:" + itemId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5 style: name-based
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>A person column reads back as "OwnerLookupId": "13", the id as a string.</summary>
    private static int? SiteUserId(JsonElement fields) =>
        fields.TryGetProperty(C.Owner + "LookupId", out var v) && (v.ValueKind == JsonValueKind.Number ? v.TryGetInt32(out var n)
            : int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n)) && n > 0 ? n : null;

    public static Guid? ActivityIdOf(JsonElement fields) => Guid.TryParse(Text(fields, C.ActivityId), out var id) ? id : null;

    public static Guid? PlanIdOf(JsonElement fields) => Guid.TryParse(Text(fields, C.PlanId), out var id) ? id : null;

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void MultiChoice(JsonObject fields, string name, IReadOnlyList<string> values)
    {
        fields[name + "@odata.type"] = "Collection(Edm.String)";
        fields[name] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
    }

    internal static string? Text(JsonElement fields, string name) =>
        fields.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string[]? Strings(JsonElement fields, string name) =>
        fields.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToArray()
            : null;

    /// <summary>
    /// A date-only column as SharePoint returns it: the site's local midnight in UTC ("2026-04-30T22:00:00Z" for
    /// 1 May in Sweden), or a plain date as written.
    /// </summary>
    private DateOnly? ReadDate(JsonElement fields, string name)
    {
        var text = Text(fields, name);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return null;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, siteTimeZone).DateTime);
    }

    private sealed class RecurrenceConverter : JsonConverter<Recurrence>
    {
        public static string Write(Recurrence r) => r.Kind switch
        {
            RecurrenceKind.TimesPerYear => $"TimesPerYear {r.Count}",
            RecurrenceKind.SpecificMonths => "SpecificMonths " + string.Join(',', r.MonthNumbers),
            _ => r.Kind.ToString(),
        };

        public static Recurrence Read(string text)
        {
            var parts = text.Split(' ', 2);
            return Enum.Parse<RecurrenceKind>(parts[0]) switch
            {
                RecurrenceKind.Monthly => Recurrence.Monthly(),
                RecurrenceKind.PerTerm => Recurrence.PerTerm(),
                RecurrenceKind.TimesPerYear => Recurrence.TimesPerYear(int.Parse(parts[1], CultureInfo.InvariantCulture)),
                RecurrenceKind.SpecificMonths => Recurrence.SpecificMonths(parts[1].Split(',').Select(m => int.Parse(m, CultureInfo.InvariantCulture))),
                var k => throw new InvalidDataException("Unknown recurrence " + k),
            };
        }

        public override Recurrence Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(reader.GetString() ?? throw new JsonException("A recurrence must be a string."));

        public override void Write(Utf8JsonWriter writer, Recurrence value, JsonSerializerOptions options) => writer.WriteStringValue(Write(value));
    }
}
