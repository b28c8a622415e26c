using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CommPlan.Application;
using CommPlan.Application.Storage;
using CommPlan.Domain.PressReleases;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;
using C = CommPlan.Storage.SharePoint.PressReleaseColumns;
using R = CommPlan.Storage.SharePoint.RecordColumns;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Press releases as items of a list on the site, read straight from Graph (they are few, and a decision must see the
/// latest version), and their record as a second list the app only adds to. A change is a PATCH with If-Match on the
/// item's eTag, so of two deciders SharePoint itself lets one through. The PATCH carries the change's record entry in
/// a column of the item; the entry is then added to the record, and whichever write of the release comes next (or a
/// read of its record) adds it first if that add was lost, so every entry reaches the record once.
/// </summary>
public sealed class SharePointPressReleaseStore(GraphCalls graph, SharePointSite site, SharePointOptions options) : IPressReleaseStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<IReadOnlyList<Versioned<PressRelease>>> ListAsync(Guid planId, CancellationToken ct)
    {
        var items = await ReadAsync(options.PressReleasesList, $"fields/{C.PlanId} eq '{planId}'", ct);
        return items.Select(ToVersioned).OrderBy(r => r.Value.CreatedAt).ToArray();
    }

    public async Task<Versioned<PressRelease>?> GetAsync(Guid planId, Guid releaseId, CancellationToken ct)
    {
        var item = await FindAsync(releaseId, ct);
        return item is { } i && ToVersioned(i) is var v && v.Value.PlanId == planId ? v : null;
    }

    public async Task<Versioned<PressRelease>> AddAsync(PressRelease release, AuditEntry entry, CancellationToken ct)
    {
        if (await FindAsync(release.Id, ct) is not null) throw new DuplicateException("Press release " + release.Id);
        var items = await ItemsAsync(options.PressReleasesList, ct);
        var fields = Fields(release, entry);
        fields[C.ReleaseId] = release.Id.ToString();
        fields[C.PlanId] = release.PlanId.ToString();
        var created = await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct)
            ?? throw new InvalidDataException("Graph answered the new list item without a body.");
        await AppendAsync(entry, ct);
        return new Versioned<PressRelease>(release, ETagOf(created));
    }

    public async Task<Versioned<PressRelease>> UpdateAsync(PressRelease release, string ifMatch, AuditEntry? entry, CancellationToken ct)
    {
        var what = "Press release " + release.Id;
        var item = await FindAsync(release.Id, ct) ?? throw new NotFoundException(what);
        if (ToVersioned(item).Value.PlanId != release.PlanId) throw new NotFoundException(what);
        await RecordPendingAsync(item.GetProperty("fields"), ct);
        var items = await ItemsAsync(options.PressReleasesList, ct);
        var request = items[item.GetProperty("id").GetString()!].Fields.ToPatchRequestInformation(new(), c => c.Headers.Add("If-Match", ifMatch));
        JsonElement fields;
        try
        {
            fields = await graph.SendAsync(GraphCalls.WithJson(request, Fields(release, entry)), ct)
                ?? throw new InvalidDataException("Graph answered the update without a body.");
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) is 412 or 404)
        {
            if (GraphCalls.StatusOf(e) == 404) throw new NotFoundException(what);
            var current = await FindAsync(release.Id, ct) ?? throw new NotFoundException(what);
            throw new ConcurrencyConflictException(what, ETagOf(current));
        }
        if (entry is not null) await AppendAsync(entry, ct);
        return new Versioned<PressRelease>(release, ETagOfFields(fields) ?? "");
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid planId, Guid? releaseId, CancellationToken ct)
    {
        if (releaseId is { } id && await FindAsync(id, ct) is { } release) await RecordPendingAsync(release.GetProperty("fields"), ct);
        var filter = releaseId is { } r ? $"fields/{R.ReleaseId} eq '{r}'" : $"fields/{R.PlanId} eq '{planId}'";
        var items = await ReadAsync(options.PressReleaseRecordList, filter, ct);
        // Item ids grow with every add: the record in the order it was written.
        return InOrder(items).Select(i => i.GetProperty("fields")).Where(f => !IsAdoption(f))
            .Select(ToEntry).Where(e => e.PlanId == planId).ToArray();
    }

    public async Task AppendAdoptionAsync(AdoptionEntry entry, CancellationToken ct)
    {
        var found = await ReadAsync(options.PressReleaseRecordList, $"fields/{R.EntryId} eq '{entry.Id}'", ct, select: ["id"]);
        if (found.Count > 0) throw new DuplicateException("Record entry " + entry.Id);
        var items = await ItemsAsync(options.PressReleaseRecordList, ct);
        var fields = new JsonObject
        {
            [R.Title] = AuditAction.Adopted.ToString(),
            [R.EntryId] = entry.Id.ToString(),
            [R.PlanId] = entry.PlanId.ToString(),
            [R.Subject] = RecordSubject.PlanDocument.ToString(),
            [R.Document] = Cut(entry.Document),
            [R.ActorId] = entry.Actor.ObjectId.ToString(),
            [R.ActorName] = Cut(entry.Actor.Name),
            [R.At] = entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            [R.DocumentVersion] = Cut(entry.DocumentVersion),
        };
        await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct);
    }

    public async Task<IReadOnlyList<AdoptionEntry>> ListAdoptionsAsync(Guid planId, CancellationToken ct)
    {
        // The plan's record is filtered on its indexed plan column; the subject column is not indexed.
        var items = await ReadAsync(options.PressReleaseRecordList, $"fields/{R.PlanId} eq '{planId}'", ct);
        return InOrder(items).Select(i => i.GetProperty("fields")).Where(IsAdoption).Select(f => new AdoptionEntry(
            Guid.Parse(ActivityFields.Text(f, R.EntryId)!),
            Guid.Parse(ActivityFields.Text(f, R.PlanId)!),
            ActivityFields.Text(f, R.Document) ?? "",
            ActivityFields.Text(f, R.DocumentVersion) ?? "",
            new Person(Guid.Parse(ActivityFields.Text(f, R.ActorId)!), ActivityFields.Text(f, R.ActorName) ?? ""),
            DateTimeOffset.Parse(ActivityFields.Text(f, R.At)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)))
            .Where(e => e.PlanId == planId).ToArray();
    }

    private static IEnumerable<JsonElement> InOrder(IEnumerable<JsonElement> items) =>
        items.OrderBy(i => long.Parse(i.GetProperty("id").GetString()!, CultureInfo.InvariantCulture));

    private static bool IsAdoption(JsonElement fields) => ActivityFields.Text(fields, R.Subject) == nameof(RecordSubject.PlanDocument);

    /// <summary>Adds the entry the item carries to the record, unless it is there (its add after the PATCH was lost).</summary>
    private async Task RecordPendingAsync(JsonElement fields, CancellationToken ct)
    {
        if (ActivityFields.Text(fields, C.LastEntry) is not { Length: > 0 } json) return;
        var entry = JsonSerializer.Deserialize<AuditEntry>(json, Json)!;
        var found = await ReadAsync(options.PressReleaseRecordList, $"fields/{R.EntryId} eq '{entry.Id}'", ct, select: ["id"]);
        if (found.Count == 0) await AppendAsync(entry, ct);
    }

    private async Task AppendAsync(AuditEntry entry, CancellationToken ct)
    {
        var items = await ItemsAsync(options.PressReleaseRecordList, ct);
        var fields = new JsonObject
        {
            [R.Title] = entry.Action.ToString(),
            [R.EntryId] = entry.Id.ToString(),
            [R.PlanId] = entry.PlanId.ToString(),
            [R.ReleaseId] = entry.ReleaseId.ToString(),
            [R.Version] = entry.Version,
            [R.StateAfter] = entry.StateAfter.ToString(),
            [R.ActorId] = entry.Actor.ObjectId.ToString(),
            [R.ActorName] = Cut(entry.Actor.Name),
            [R.At] = entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            [R.Comment] = entry.Comment,
            [R.DocumentVersion] = Cut(entry.DocumentVersion),
        };
        await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct);
    }

    private static AuditEntry ToEntry(JsonElement f) => new(
        Guid.Parse(ActivityFields.Text(f, R.EntryId)!),
        Guid.Parse(ActivityFields.Text(f, R.PlanId)!),
        Guid.Parse(ActivityFields.Text(f, R.ReleaseId)!),
        f.TryGetProperty(R.Version, out var v) ? (v.ValueKind == JsonValueKind.Number ? (int)v.GetDouble() : int.Parse(v.GetString()!, CultureInfo.InvariantCulture)) : 0,
        Enum.Parse<AuditAction>(ActivityFields.Text(f, R.Title)!),
        Enum.Parse<PressReleaseState>(ActivityFields.Text(f, R.StateAfter)!),
        new Person(Guid.Parse(ActivityFields.Text(f, R.ActorId)!), ActivityFields.Text(f, R.ActorName) ?? ""),
        DateTimeOffset.Parse(ActivityFields.Text(f, R.At)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        ActivityFields.Text(f, R.Comment),
        ActivityFields.Text(f, R.DocumentVersion) ?? "");

    private static JsonObject Fields(PressRelease release, AuditEntry? entry) => new()
    {
        [C.Title] = Cut(release.Content.Title),
        [C.State] = release.State.ToString(),
        [C.Version] = release.Version,
        [C.Submitter] = Cut(release.Submitter.Name),
        [C.PlannedSendAt] = release.Content.PlannedSendAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture),
        [C.Data] = JsonSerializer.Serialize(release, Json),
        [C.LastEntry] = entry is null ? null : JsonSerializer.Serialize(entry, Json),
    };

    private static Versioned<PressRelease> ToVersioned(JsonElement item) =>
        new(JsonSerializer.Deserialize<PressRelease>(ActivityFields.Text(item.GetProperty("fields"), C.Data)!, Json)!, ETagOf(item));

    private async Task<JsonElement?> FindAsync(Guid releaseId, CancellationToken ct)
    {
        var found = await ReadAsync(options.PressReleasesList, $"fields/{C.ReleaseId} eq '{releaseId}'", ct);
        return found.Count > 0 ? found[0] : null;
    }

    private async Task<List<JsonElement>> ReadAsync(string list, string filter, CancellationToken ct, string[]? select = null)
    {
        var items = await ItemsAsync(list, ct);
        var (found, _) = await graph.ReadAllAsync(items.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Filter = filter;
            if (select is not null) c.QueryParameters.Select = select;
            else c.QueryParameters.Expand = ["fields"];
        }), ct);
        return found;
    }

    private async Task<Microsoft.Graph.Sites.Item.Lists.Item.Items.ItemsRequestBuilder> ItemsAsync(string list, CancellationToken ct) =>
        graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(list, ct)].Items;

    private static string ETagOf(JsonElement item) =>
        item.TryGetProperty("eTag", out var e) && e.GetString() is { } etag ? etag : item.TryGetProperty("fields", out var f) ? ETagOfFields(f) ?? "" : "";

    private static string? ETagOfFields(JsonElement fields) =>
        fields.TryGetProperty("@odata.etag", out var f) ? f.GetString() : null;

    private static string Cut(string text) => text.Length <= 255 ? text : text[..255];
}
