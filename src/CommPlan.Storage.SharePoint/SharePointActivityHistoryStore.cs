using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Storage.SharePoint.Graph;
using H = CommPlan.Storage.SharePoint.HistoryColumns;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// The activities' history as a list on the site that the app only adds to (see
/// <see cref="SharePointOptions.ActivityHistoryList"/> for why not the items' own versions). Read straight from Graph
/// by the activity's indexed id: one activity's history is a short read, asked for when its page is opened.
/// </summary>
public sealed class SharePointActivityHistoryStore(GraphCalls graph, SharePointSite site, SharePointOptions options) : IActivityHistoryStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync(ActivityHistoryEntry entry, CancellationToken ct)
    {
        var items = await ItemsAsync(ct);
        if ((await ReadAsync($"fields/{H.EntryId} eq '{entry.Id}'", ct)).Count > 0) return;
        var fields = new JsonObject
        {
            [H.Title] = Cut(string.Join(", ", entry.Changes.Select(c => c.Field).Distinct())),
            [H.EntryId] = entry.Id.ToString(),
            [H.PlanId] = entry.PlanId.ToString(),
            [H.ActivityId] = entry.ActivityId.ToString(),
            [H.ActorId] = entry.ActorId.ToString(),
            [H.ActorName] = Cut(entry.ActorName),
            [H.At] = entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            [H.Changes] = JsonSerializer.Serialize(entry.Changes, Json),
        };
        await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), ct);
    }

    public async Task<IReadOnlyList<ActivityHistoryEntry>> ListAsync(Guid planId, Guid activityId, CancellationToken ct)
    {
        var found = await ReadAsync($"fields/{H.ActivityId} eq '{activityId}'", ct);
        // Item ids grow with every add: the history in the order it was written.
        return found.OrderBy(i => long.Parse(i.GetProperty("id").GetString()!, CultureInfo.InvariantCulture))
            .Select(i => ToEntry(i.GetProperty("fields"))).Where(e => e.PlanId == planId).ToArray();
    }

    private static ActivityHistoryEntry ToEntry(JsonElement f) => new(
        Guid.Parse(ActivityFields.Text(f, H.EntryId)!),
        Guid.Parse(ActivityFields.Text(f, H.PlanId)!),
        Guid.Parse(ActivityFields.Text(f, H.ActivityId)!),
        DateTimeOffset.Parse(ActivityFields.Text(f, H.At)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        Guid.Parse(ActivityFields.Text(f, H.ActorId)!),
        ActivityFields.Text(f, H.ActorName) ?? "",
        JsonSerializer.Deserialize<ActivityFieldChange[]>(ActivityFields.Text(f, H.Changes) ?? "[]", Json) ?? []);

    private async Task<List<JsonElement>> ReadAsync(string filter, CancellationToken ct)
    {
        var items = await ItemsAsync(ct);
        var (found, _) = await graph.ReadAllAsync(items.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Filter = filter;
            c.QueryParameters.Expand = ["fields"];
        }), ct);
        return found;
    }

    private async Task<Microsoft.Graph.Sites.Item.Lists.Item.Items.ItemsRequestBuilder> ItemsAsync(CancellationToken ct) =>
        graph.Client.Sites[await site.IdAsync(ct)].Lists[await site.ListIdAsync(options.ActivityHistoryList, ct)].Items;

    private static string Cut(string text) => text.Length <= 255 ? text : text[..255];
}
