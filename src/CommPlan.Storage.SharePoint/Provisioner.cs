using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>What a provisioning run changed on the site; empty when the site was already up to date.</summary>
public sealed record ProvisioningReport(IReadOnlyList<string> Changes, IReadOnlyList<string> Failures)
{
    public bool Succeeded => Failures.Count == 0;

    /// <summary>What Graph did not list but answered "already exists" to (409 nameAlreadyExists): there, not changed.</summary>
    public IReadOnlyList<string> AlreadyThere { get; init; } = [];
}

/// <summary>
/// Creates the app's lists, columns, indexes and libraries on the site, and upgrades an older layout in place. It
/// reads what is there and writes only what is missing, so a second run writes nothing and a run that was
/// interrupted is finished by the next one; it records nothing of its own, since the site itself says what exists.
/// Reads and writes each go through one $batch.
/// </summary>
public sealed class Provisioner(GraphCalls graph, SharePointSite site, SharePointOptions options)
{
    public async Task<ProvisioningReport> ProvisionAsync(CancellationToken ct)
    {
        // Nobody waits on provisioning in the tab: it sits out SharePoint's throttling rather than give up.
        using var bulk = GraphLane.Bulk();
        var siteId = await site.IdAsync(ct);
        var sites = graph.Client.Sites[siteId];
        var (lists, _) = await graph.ReadAllAsync(sites.Lists.ToGetRequestInformation(c => c.QueryParameters.Select = ["id", "displayName"]), ct);
        var existing = lists.GroupBy(l => l.GetProperty("displayName").GetString() ?? "")
            .ToDictionary(g => g.Key, g => g.First().GetProperty("id").GetString()!, StringComparer.Ordinal);
        var specs = Layout.All(options);

        var columnReads = specs.Where(s => existing.ContainsKey(s.DisplayName))
            .Select((s, i) => ($"c{i}", s, existing[s.DisplayName])).ToArray();
        var read = await graph.BatchAsync(columnReads.Select(c => (c.Item1, (Func<RequestInformation>)(() =>
            sites.Lists[c.Item3].Columns.ToGetRequestInformation(r => r.QueryParameters.Select = ["id", "name", "indexed", "choice"])))).ToArray(), ct);
        var vocabulary = existing.TryGetValue(options.PlansList, out var plansId)
            ? await PlanKeysAsync(sites.Lists[plansId].Items.ToGetRequestInformation(r => r.QueryParameters.Expand = ["fields"]), ct)
            : new Dictionary<string, SortedSet<string>>();

        var writes = new List<(string Id, string Change, string? There, Func<RequestInformation> Request)>();
        foreach (var spec in specs)
        {
            if (!existing.TryGetValue(spec.DisplayName, out var listId))
            {
                var body = new JsonObject
                {
                    ["displayName"] = spec.DisplayName,
                    ["list"] = new JsonObject { ["template"] = spec.Template },
                    ["columns"] = new JsonArray(spec.Columns.Select(c => (JsonNode)c.ToJson()).ToArray()),
                };
                // Graph cannot set versioning; SharePoint Online turns it on for new libraries, so say what to check.
                var versioning = spec.Template == "documentLibrary" ? " (version history: SharePoint's default, on; see Library settings > Versioning)" : "";
                writes.Add(($"w{writes.Count}", $"Created {Kind(spec)} '{spec.DisplayName}' with {spec.Columns.Count} columns{versioning}",
                    $"The {Kind(spec)} '{spec.DisplayName}' is there already (created meanwhile)", () => GraphCalls.WithJson(sites.Lists.ToPostRequestInformation(new()), body)));
                continue;
            }
            var (readId, _, _) = columnReads.First(c => c.s == spec);
            var result = read[readId];
            if (!result.Succeeded || result.Body is not { } page)
                throw new InvalidOperationException($"Could not read the columns of '{spec.DisplayName}': {result.Status} {result.ErrorCode}");
            var columns = page.GetProperty("value").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString() ?? "", StringComparer.Ordinal);
            foreach (var column in spec.Columns)
            {
                if (!columns.TryGetValue(column.Name, out var found))
                {
                    var body = column.ToJson();
                    // Some tenants' Graph leaves hidden columns out of the listing (msgraph-beta-sdk-dotnet #433): a 409 then says it is there.
                    writes.Add(($"w{writes.Count}", $"Added column '{column.Name}' to '{spec.DisplayName}'",
                        $"Column '{column.Name}' of '{spec.DisplayName}' is there already ({(column.Hidden ? "a hidden column, which Graph did not list" : "Graph did not list it")})", () => GraphCalls.WithJson(sites.Lists[listId].Columns.ToPostRequestInformation(new()), body)));
                }
                else
                {
                    var columnId = found.GetProperty("id").GetString()!;
                    if (column.Indexed && !(found.TryGetProperty("indexed", out var indexed) && indexed.ValueKind == JsonValueKind.True))
                    {
                        writes.Add(($"w{writes.Count}", $"Indexed column '{column.Name}' of '{spec.DisplayName}'", null,
                            () => GraphCalls.WithJson(sites.Lists[listId].Columns[columnId].ToPatchRequestInformation(new()), new JsonObject { ["indexed"] = true })));
                    }
                    if (spec.DisplayName == options.ActivitiesList && vocabulary.TryGetValue(column.Name, out var keys)
                        && Choices(found) is var current && !keys.IsSubsetOf(current))
                    {
                        var settings = (JsonObject)column.Settings.DeepClone();
                        settings["choices"] = new JsonArray(current.Union(keys).Order(StringComparer.Ordinal).Select(k => (JsonNode)JsonValue.Create(k)).ToArray());
                        var body = new JsonObject { ["choice"] = settings };
                        writes.Add(($"w{writes.Count}", $"Offered the plans' {string.Join(", ", keys.Except(current))} as choices of '{column.Name}'", null,
                            () => GraphCalls.WithJson(sites.Lists[listId].Columns[columnId].ToPatchRequestInformation(new()), body)));
                    }
                }
            }
        }

        var changes = new List<string>();
        var failures = new List<string>();
        var there = new List<string>();
        if (writes.Count > 0)
        {
            var results = await graph.BatchAsync(writes.Select(w => (w.Id, w.Request)).ToArray(), ct);
            foreach (var w in writes)
            {
                var r = results[w.Id];
                if (r.Succeeded) changes.Add(w.Change);
                // A list or column of that name exists (another run created it, or Graph did not list it): what we wanted is there.
                else if (r.Status == 409 && r.ErrorCode == "nameAlreadyExists" && w.There is not null) there.Add(w.There);
                else failures.Add($"{w.Change}: failed with {r.Status} {r.ErrorCode}" + (r.Status == 403
                    ? " (creating lists and columns needs a manage or fullcontrol grant on the site; day-to-day work needs write)"
                    : ""));
            }
            site.Forget();
        }
        return new ProvisioningReport(changes, failures) { AlreadyThere = there };
    }

    /// <summary>
    /// The keys of every plan's channels, target groups and goals, by the activity column that takes them: offered
    /// as the columns' choices, so people editing the list in SharePoint tick boxes instead of typing keys. Choices
    /// are only ever added (items may still carry an old year's keys); the columns keep taking other values, so the
    /// app's writes never wait for this.
    /// </summary>
    private async Task<Dictionary<string, SortedSet<string>>> PlanKeysAsync(RequestInformation plans, CancellationToken ct)
    {
        var result = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal)
        {
            [ActivityColumns.Channels] = new(StringComparer.Ordinal),
            [ActivityColumns.TargetGroups] = new(StringComparer.Ordinal),
            [ActivityColumns.Goals] = new(StringComparer.Ordinal),
        };
        var (items, _) = await graph.ReadAllAsync(plans, ct);
        foreach (var fields in items.Select(i => i.GetProperty("fields")))
        {
            Add(fields, PlanColumns.Channels, result[ActivityColumns.Channels]);
            Add(fields, PlanColumns.TargetGroups, result[ActivityColumns.TargetGroups]);
            Add(fields, PlanColumns.Goals, result[ActivityColumns.Goals]);
        }
        return result;

        static void Add(JsonElement fields, string column, SortedSet<string> keys)
        {
            if (ActivityFields.Text(fields, column) is not { Length: > 0 } json) return;
            foreach (var entry in JsonDocument.Parse(json).RootElement.EnumerateArray())
                if (entry.TryGetProperty("key", out var key) && key.GetString() is { Length: > 0 } k) keys.Add(k);
        }
    }

    private static HashSet<string> Choices(JsonElement column) =>
        column.TryGetProperty("choice", out var choice) && choice.TryGetProperty("choices", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => c.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
            : [];

    private static string Kind(ListSpec spec) => spec.Template == "documentLibrary" ? "library" : "list";
}
