using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// List items: reads with paging and filters, writes with eTags, and delta.
public sealed partial class LoopbackGraphServer
{
    private const string NonIndexedPreference = "HonorNonIndexedQueriesWarningMayFailRandomly";

    private GraphReply GetItems(SiteState site, ListState list, GraphCall call)
    {
        var (expand, select) = FieldsExpansion(call);
        DemandLookupThreshold(list, expand, select);
        var filter = call.QueryValue("filter") is { Length: > 0 } text ? GraphFilter.Parse(text) : null;
        if (filter is not null) DemandIndexed(list, filter, call);
        var after = call.QueryValue("skiptoken") is { } token ? SkipTokenId(token) : 0;
        var size = PageSizeFor(call);
        var matching = list.Items.Values.Where(i => i.Id > after);
        if (filter is not null) matching = matching.Where(i => filter.Matches(FieldsJson(site, list, i, null)));
        var page = matching.Take(size + 1).ToList();
        var json = new JsonObject
        {
            ["@odata.context"] = $"{GraphBaseUrl}/$metadata#sites('{site.Id}')/lists('{list.Id}')/items",
            ["value"] = new JsonArray(page.Take(size)
                .Select(i => (JsonNode)Select(ItemJson(site, list, i, expand, select), call.QueryValue("select"), "fields")).ToArray()),
        };
        if (page.Count > size)
            json["@odata.nextLink"] = Link(call, "skiptoken", Convert.ToBase64String(Encoding.UTF8.GetBytes($"Paged=TRUE&p_ID={page[size - 1].Id}")));
        return new GraphReply(200, json);
    }

    private static void DemandIndexed(ListState list, GraphFilter filter, GraphCall call)
    {
        foreach (var name in filter.Fields)
        {
            var column = list.Column(name)
                ?? (name.EndsWith("LookupId", StringComparison.OrdinalIgnoreCase) ? list.Column(name[..^8]) : null)
                ?? (name.Equals("id", StringComparison.OrdinalIgnoreCase) ? list.Column("ID") : null)
                ?? throw new GraphException(400, "invalidRequest", $"Field '{name}' is not recognized");
            var preferred = call.Header("Prefer")?.Contains(NonIndexedPreference, StringComparison.OrdinalIgnoreCase) == true;
            if (!column.Indexed && !preferred)
                throw new GraphException(400, "invalidRequest",
                    $"Field '{name}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: {NonIndexedPreference}' header to allow this, but be warned that such queries may fail on large lists.");
        }
    }

    /// <summary>SharePoint refuses a query that reads more than 12 person or lookup columns (Author and Editor count).</summary>
    private static void DemandLookupThreshold(ListState list, bool expand, HashSet<string>? select)
    {
        if (!expand) return;
        var lookups = list.Columns.Where(c => c.IsLookup)
            .Count(c => select is null || select.Contains(c.Name) || select.Contains(c.Name + "LookupId"));
        if (lookups > MaxLookupColumns)
            throw new GraphException(400, "invalidRequest",
                $"The query cannot be completed because the number of lookup columns it contains ({lookups}) exceeds the lookup column threshold ({MaxLookupColumns}): select fewer fields.");
    }

    private const int MaxLookupColumns = 12;

    private int PageSizeFor(GraphCall call) =>
        call.QueryValue("top") is { } top && int.TryParse(top, out var requested) && requested > 0 ? Math.Min(requested, PageSize) : PageSize;

    private static int SkipTokenId(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return int.Parse(text[(text.IndexOf("p_ID=", StringComparison.Ordinal) + 5)..], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new GraphException(400, "invalidRequest", "The skip token is not valid.");
        }
    }

    /// <summary>An absolute link to the same resource and query, with one parameter set (OData parameters get their '$').</summary>
    private string Link(GraphCall call, string key, string value)
    {
        var query = call.Query.Where(p => p.Key != key && p.Key != "skiptoken").Append(new(key, value))
            .Select(p => $"{(p.Key == "token" ? "" : "$")}{p.Key}={Uri.EscapeDataString(p.Value)}");
        return $"{GraphBaseUrl}{call.Path}?{string.Join('&', query)}";
    }

    /// <summary>expand=fields, fields(select=A,B) or fields($select=A,B): whether fields are wanted, and which.</summary>
    private static (bool Expand, HashSet<string>? Select) FieldsExpansion(GraphCall call)
    {
        var expand = call.QueryValue("expand");
        if (expand is null) return (false, null);
        var at = expand.IndexOf("fields", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return (false, null);
        var rest = expand[(at + "fields".Length)..];
        if (!rest.StartsWith('(')) return (true, null);
        var inner = rest[1..rest.IndexOf(')')];
        var select = inner.Split(';').Select(o => o.Trim()).FirstOrDefault(o => o.TrimStart('$').StartsWith("select=", StringComparison.OrdinalIgnoreCase));
        if (select is null) return (true, null);
        return (true, select[(select.IndexOf('=') + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    private JsonObject ItemJson(SiteState site, ListState list, ItemState item, bool expand, HashSet<string>? select)
    {
        var json = new JsonObject
        {
            ["@odata.etag"] = item.ETag,
            ["createdDateTime"] = Stamp(item.Created),
            ["eTag"] = item.ETag,
            ["id"] = item.Id.ToString(CultureInfo.InvariantCulture),
            ["lastModifiedDateTime"] = Stamp(item.Modified),
            ["webUrl"] = list.IsLibrary && item.File is { } file ? $"{site.WebUrl}/{list.Name}/{file.Name}" : $"{site.WebUrl}/Lists/{list.Name}/{item.Id}_.000",
            ["createdBy"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = "CommPlan" } },
            ["lastModifiedBy"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = "CommPlan" } },
            ["parentReference"] = new JsonObject { ["id"] = list.Id, ["siteId"] = site.Id },
            ["contentType"] = new JsonObject { ["id"] = list.IsLibrary ? "0x0101" : "0x01", ["name"] = list.IsLibrary ? "Document" : "Item" },
        };
        if (expand) json["fields"] = FieldsJson(site, list, item, select);
        return json;
    }

    /// <summary>The field set Graph answers with: what was written, then the system fields SharePoint adds.</summary>
    private static JsonObject FieldsJson(SiteState site, ListState list, ItemState item, HashSet<string>? select)
    {
        var fields = new JsonObject { ["@odata.etag"] = item.ETag };
        foreach (var (key, value) in item.Fields) fields[key] = value?.DeepClone();
        fields["id"] = item.Id.ToString(CultureInfo.InvariantCulture);
        fields["ContentType"] = list.IsLibrary ? "Document" : "Item";
        fields["Modified"] = Stamp(item.Modified);
        fields["Created"] = Stamp(item.Created);
        fields["AuthorLookupId"] = "1073741822";
        fields["EditorLookupId"] = "1073741822";
        fields["_UIVersionString"] = $"{item.Version}.0";
        fields["Attachments"] = false;
        fields["Edit"] = "";
        if (item.Fields["Title"] is not null)
        {
            fields["LinkTitleNoMenu"] = item.Fields["Title"]!.DeepClone();
            fields["LinkTitle"] = item.Fields["Title"]!.DeepClone();
        }
        fields["ItemChildCount"] = "0";
        fields["FolderChildCount"] = "0";
        if (item.File is { } file)
        {
            fields["FileLeafRef"] = file.Name;
            fields["DocIcon"] = Path.GetExtension(file.Name).TrimStart('.');
            fields["FileSizeDisplay"] = file.Current.Content.Length.ToString(CultureInfo.InvariantCulture);
            fields["LinkFilename"] = file.Name;
        }
        if (select is null) return fields;
        foreach (var key in fields.Select(p => p.Key).ToArray())
        {
            var wanted = key.StartsWith('@') || select.Contains(key)
                || (key.EndsWith("LookupId", StringComparison.Ordinal) && select.Contains(key[..^8]));
            if (!wanted) fields.Remove(key);
        }
        return fields;
    }

    private static ItemState Item(ListState list, string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && list.Items.TryGetValue(number, out var item) ? item
        : throw new GraphException(404, "itemNotFound", "The specified list item was not found.");

    private GraphReply GetItem(SiteState site, ListState list, string id, GraphCall call)
    {
        var (expand, select) = FieldsExpansion(call);
        DemandLookupThreshold(list, expand, select);
        return new GraphReply(200, Select(ItemJson(site, list, Item(list, id), expand, select), call.QueryValue("select"), "fields"));
    }

    private GraphReply CreateItem(SiteState site, ListState list, GraphCall call)
    {
        var body = call.JsonBody();
        var fields = body["fields"] as JsonObject ?? [];
        var written = Validate(site, list, fields);
        var item = new ItemState(list.NextItemId++, Guid.NewGuid(), _time.GetUtcNow());
        Apply(item, written);
        Touched(site, item);
        list.Items.Add(item.Id, item);
        return new GraphReply(201, ItemJson(site, list, item, true, null));
    }

    private GraphReply UpdateFields(SiteState site, ListState list, ItemState item, GraphCall call)
    {
        DemandMatch(item, call);
        var written = Validate(site, list, call.JsonBody());
        Apply(item, written);
        item.Version++;
        item.Modified = _time.GetUtcNow();
        Touched(site, item);
        return new GraphReply(200, FieldsJson(site, list, item, null));
    }

    private GraphReply DeleteItem(SiteState site, ListState list, string id, GraphCall call)
    {
        var item = Item(list, id);
        DemandMatch(item, call);
        Remove(site, list, item);
        return new GraphReply(204);
    }

    private static void Remove(SiteState site, ListState list, ItemState item)
    {
        list.Items.Remove(item.Id);
        list.Tombstones.Add(new Tombstone(item.Id, ++site.ChangeSequence));
    }

    private static void Touched(SiteState site, ItemState item) => item.Sequence = ++site.ChangeSequence;

    private static void DemandMatch(ItemState item, GraphCall call)
    {
        var ifMatch = call.Header("If-Match");
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return;
        var given = ifMatch.Trim();
        if (given.StartsWith("W/", StringComparison.Ordinal)) given = given[2..];
        if (!string.Equals(given.Trim('"'), item.ETag.Trim('"'), StringComparison.OrdinalIgnoreCase))
            throw new GraphException(412, "resourceModified", "The provided 'If-Match' header does not match the resource's current ETag value.");
    }

    /// <summary>
    /// Checks written fields against the list's columns, as SharePoint does, and gives the values to store under each
    /// column's own name. Person and lookup columns take {Name}LookupId; collections need their @odata.type.
    /// </summary>
    private static List<(string Key, JsonNode? Value)> Validate(SiteState site, ListState list, JsonObject fields)
    {
        var written = new List<(string, JsonNode?)>();
        foreach (var (key, value) in fields)
        {
            if (key.StartsWith('@')) continue;
            var annotation = key.IndexOf("@odata.", StringComparison.Ordinal);
            if (annotation > 0)
            {
                Resolve(list, key[..annotation]);
                continue;
            }
            var (column, storedKey) = Resolve(list, key);
            if (column.ReadOnly) throw new GraphException(400, "invalidRequest", $"Field '{key}' is read-only");
            if (value is JsonArray && fields[key + "@odata.type"] is null)
                throw new GraphException(400, "invalidRequest",
                    $"A value without a type name was found and no expected type is available for '{key}': send '{key}@odata.type': 'Collection(Edm.String)' (or Collection(Edm.Int32) for lookups).");
            var normalized = Normalize(column, key, value);
            if (column.Type == "personOrGroup" && normalized is JsonValue person && !IsSiteUser(site, person.ToString()))
                throw new GraphException(400, "invalidRequest", $"The user with id {person} does not exist or is not unique.");
            written.Add((storedKey, normalized));
        }
        return written;
    }

    /// <summary>A person column takes the id of someone in the site's User Information List, nothing else.</summary>
    private static bool IsSiteUser(SiteState site, string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && site.Lists.FirstOrDefault(l => l.DisplayName == UserListName) is { } users && users.Items.ContainsKey(number);

    private static (ColumnState Column, string StoredKey) Resolve(ListState list, string key)
    {
        if (list.Column(key) is { } column)
        {
            if (column.IsLookup && !column.ReadOnly)
                throw new GraphException(400, "invalidRequest", $"Field '{key}' is a {column.Type} column: write it as '{column.Name}LookupId'.");
            return (column, column.Name);
        }
        if (key.EndsWith("LookupId", StringComparison.OrdinalIgnoreCase) && list.Column(key[..^8]) is { IsLookup: true } lookup)
            return (lookup, lookup.Name + "LookupId");
        throw new GraphException(400, "invalidRequest", $"Field '{key}' is not recognized");
    }

    private static JsonNode? Normalize(ColumnState column, string key, JsonNode? value)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null) return null;
        if (column.IsLookup && value is JsonValue single)
            return single.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(single.ToJsonString()) : single.DeepClone();
        if (column.Type == "number" && value is JsonValue number && number.GetValueKind() == JsonValueKind.String)
        {
            return double.TryParse(number.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? JsonValue.Create(parsed)
                : throw new GraphException(400, "invalidRequest", $"Field '{key}' takes a number.");
        }
        if (column.Type == "text" && value is JsonValue text && text.GetValueKind() == JsonValueKind.String
            && column.Definition["text"]?["allowMultipleLines"]?.GetValueKind() != JsonValueKind.True)
        {
            var max = column.Definition["text"]?["maxLength"] is JsonValue m && m.TryGetValue<int>(out var given) && given > 0 ? given : 255;
            if (text.GetValue<string>().Length > max)
                throw new GraphException(400, "invalidRequest", $"The value of field '{key}' is longer than the column's maximum of {max} characters.");
        }
        if (column.Type == "boolean" && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            throw new GraphException(400, "invalidRequest", $"Field '{key}' takes true or false.");
        return value.DeepClone();
    }

    /// <summary>
    /// Graph leaves empty fields out of a list item: a field written as null, "" or [] is absent from every answer
    /// after it, not present and empty.
    /// </summary>
    private static void Apply(ItemState item, List<(string Key, JsonNode? Value)> written)
    {
        foreach (var (key, value) in written)
        {
            if (IsEmpty(value)) item.Fields.Remove(key);
            else item.Fields[key] = value;
        }
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>().Length == 0,
        _ => false,
    };

    private GraphReply Delta(SiteState site, ListState list, GraphCall call)
    {
        var (expand, select) = FieldsExpansion(call);
        DemandLookupThreshold(list, expand, select);
        var size = PageSizeFor(call);
        var token = call.QueryValue("token") ?? call.QueryValue("deltatoken");
        if (token == "latest")
            return DeltaPage(call, [], null, DeltaToken(site.ChangeSequence));

        if (call.QueryValue("skiptoken") is { } skip)
        {
            // A page after the first: "first|epoch|snapshot|afterId" or "changes|epoch|from|snapshot|afterSequence".
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(skip)).Split('|');
            DemandCurrent(int.Parse(parts[1], CultureInfo.InvariantCulture), site, list);
            return parts[0] == "first"
                ? FirstSync(site, list, call, long.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture), size, expand, select)
                : Changes(site, list, call, long.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture), size, expand, select);
        }
        if (token is null) return FirstSync(site, list, call, site.ChangeSequence, 0, size, expand, select);

        string[] tokenParts;
        try
        {
            tokenParts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
        }
        catch (FormatException)
        {
            throw new GraphException(400, "invalidRequest", "The delta token is not valid.");
        }
        DemandCurrent(int.Parse(tokenParts[0], CultureInfo.InvariantCulture), site, list);
        var from = long.Parse(tokenParts[1], CultureInfo.InvariantCulture);
        return Changes(site, list, call, from, site.ChangeSequence, from, size, expand, select);
    }

    private void DemandCurrent(int epoch, SiteState site, ListState list)
    {
        if (epoch == _deltaEpoch) return;
        throw new DeltaExpiredException($"{GraphBaseUrl}/sites/{site.Id}/lists/{list.Id}/items/delta");
    }

    private GraphReply FirstSync(SiteState site, ListState list, GraphCall call, long snapshot, int afterId, int size, bool expand, HashSet<string>? select)
    {
        var page = list.Items.Values.Where(i => i.Id > afterId && i.Sequence <= snapshot).Take(size + 1).ToList();
        var entries = page.Take(size).Select(i => ItemJson(site, list, i, expand, select)).ToList();
        return page.Count > size
            ? DeltaPage(call, entries, $"first|{_deltaEpoch}|{snapshot}|{page[size - 1].Id}", null)
            : DeltaPage(call, entries, null, DeltaToken(snapshot));
    }

    private GraphReply Changes(SiteState site, ListState list, GraphCall call, long from, long snapshot, long after, int size, bool expand, HashSet<string>? select)
    {
        var changes = list.Items.Values.Select(i => (Sequence: i.Sequence, Json: (Func<JsonObject>)(() => ItemJson(site, list, i, expand, select))))
            .Concat(list.Tombstones.Select(t => (t.Sequence, Json: (Func<JsonObject>)(() => new JsonObject
            {
                ["id"] = t.ItemId.ToString(CultureInfo.InvariantCulture),
                ["deleted"] = new JsonObject { ["state"] = "deleted" },
            }))))
            .Where(c => c.Sequence > after && c.Sequence <= snapshot)
            .OrderBy(c => c.Sequence)
            .Take(size + 1)
            .ToList();
        var entries = changes.Take(size).Select(c => c.Json()).ToList();
        if (RepeatDeltaChanges) entries = entries.SelectMany(e => new[] { e, (JsonObject)e.DeepClone() }).ToList();
        return changes.Count > size
            ? DeltaPage(call, entries, $"changes|{_deltaEpoch}|{from}|{snapshot}|{changes[size - 1].Sequence}", null)
            : DeltaPage(call, entries, null, DeltaToken(snapshot));
    }

    private string DeltaToken(long sequence) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_deltaEpoch}|{sequence}"));

    private GraphReply DeltaPage(GraphCall call, List<JsonObject> entries, string? skipToken, string? deltaToken)
    {
        var json = new JsonObject { ["value"] = new JsonArray(entries.Select(e => (JsonNode)e).ToArray()) };
        var paging = new GraphCall(call.Method, call.Path, call.PathAndQuery,
            call.Query.Where(p => p.Key is not ("token" or "deltatoken")).ToDictionary(), call.Headers, call.Body, call.IsBatchStep);
        if (skipToken is not null) json["@odata.nextLink"] = Link(paging, "skiptoken", Convert.ToBase64String(Encoding.UTF8.GetBytes(skipToken)));
        else json["@odata.deltaLink"] = Link(paging, "token", deltaToken!);
        return new GraphReply(200, json);
    }

    /// <summary>Every delta token issued so far answers 410 Gone from now on, as after a long disconnection.</summary>
    public void ExpireDeltaTokens()
    {
        lock (_gate) _deltaEpoch++;
    }

    private sealed class DeltaExpiredException(string restart) : Exception("The delta token has expired: start a new enumeration.")
    {
        public string Restart { get; } = restart;
    }
}
