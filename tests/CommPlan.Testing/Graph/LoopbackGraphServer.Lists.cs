using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommPlan.Testing.Graph;

// Routing, the site, lists and columns.
public sealed partial class LoopbackGraphServer
{
    private static readonly Regex SiteByPath = new(@"^/sites/(?<host>[^/,:]+):(?<path>/[^:]*?)(?::(?<rest>/.*)?)?$", RegexOptions.Compiled);
    private static readonly Regex DefaultDrive = new(@"^/sites/(?<site>[^/]+)/drive(?<rest>/.*)?$", RegexOptions.Compiled);
    private static readonly Regex ListDrive = new(@"^/sites/(?<site>[^/]+)/lists/(?<list>[^/]+)/drive(?<rest>/.+)$", RegexOptions.Compiled);
    private static readonly Regex DrivePath = new(@"^/drives/(?<drive>[^/]+)/(?:root|items/(?<parent>[^/:]+)):/(?<name>[^:]+?):?(?<rest>/[^:]*)?$", RegexOptions.Compiled);

    private static readonly string[] ReadOnlyBuiltIns =
        ["ID", "ContentType", "Created", "Modified", "_UIVersionString", "Edit", "LinkTitle", "LinkTitleNoMenu", "ItemChildCount", "FolderChildCount"];

    private const string TitleColumnId = "fa564e0f-0c70-4ab9-b863-0177e6ddd247";

    private GraphReply Route(GraphCall call)
    {
        var path = call.Path.TrimEnd('/');
        if (SiteByPath.Match(path) is { Success: true } byPath)
        {
            var site = _site.Hostname.Equals(byPath.Groups["host"].Value, StringComparison.OrdinalIgnoreCase)
                && _site.Path.Equals(byPath.Groups["path"].Value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
                ? _site : throw new GraphException(404, "itemNotFound", "Requested site could not be found");
            path = $"/sites/{site.Id}{byPath.Groups["rest"].Value}".TrimEnd('/');
        }
        if (DefaultDrive.Match(path) is { Success: true } defaultDrive)
        {
            var library = Site(defaultDrive.Groups["site"].Value).Lists.First(l => l.IsLibrary);
            path = $"/drives/{library.Drive!.Id}{defaultDrive.Groups["rest"].Value}";
        }
        if (ListDrive.Match(path) is { Success: true } listDrive)
            path = $"/drives/{Drive(List(Site(listDrive.Groups["site"].Value), listDrive.Groups["list"].Value)).Id}{listDrive.Groups["rest"].Value}";
        if (DrivePath.Match(path) is { Success: true } byName)
        {
            var drive = DriveById(byName.Groups["drive"].Value);
            var parent = byName.Groups["parent"].Success ? byName.Groups["parent"].Value : "root";
            if (parent != "root" && parent != drive.RootId)
                throw new GraphException(400, "notSupported", "Folders are not supported by this server: put files in the library root.");
            var name = byName.Groups["name"].Value;
            var rest = byName.Groups["rest"].Value;
            if (name.Contains('/')) throw new GraphException(400, "notSupported", "Folders are not supported by this server: put files in the library root.");
            if (call.Method == "PUT" && rest == "/content") return Upload(drive, name, call);
            if (call.Method == "POST" && rest == "/createUploadSession") return CreateUploadSession(drive, name, call);
            var file = FileByName(drive, name) ?? throw new GraphException(404, "itemNotFound", "The resource could not be found.");
            path = $"/drives/{drive.Id}/items/{file.Id}{rest}";
        }

        var s = path.Trim('/').Split('/');
        return (call.Method, s) switch
        {
            ("POST", ["users", var user, "checkMemberGroups"]) => CheckMemberGroups(user, call),
            ("GET", ["groups", var group, "transitiveMembers"]) => TransitiveMembers(group, null, call),
            ("GET", ["groups", var group, "transitiveMembers", var cast]) => TransitiveMembers(group, cast, call),
            ("GET", ["users"]) => ListUsers(call),
            ("GET", ["users", var user]) => GetUser(user, call),
            ("POST", ["users", var user, "teamwork", "installedApps"]) => InstallApp(user, call),
            ("GET", ["sites", var site]) => new GraphReply(200, SiteJson(Site(site))),
            ("GET", ["sites", var site, "lists"]) => GetLists(Site(site), call),
            ("POST", ["sites", var site, "lists"]) => CreateList(Site(site), call),
            ("GET", ["sites", var site, "lists", var list]) => new GraphReply(200, ListJson(Site(site), List(Site(site), list), call)),
            ("GET", ["sites", var site, "lists", var list, "columns"]) => GetColumns(List(Site(site), list)),
            ("POST", ["sites", var site, "lists", var list, "columns"]) => CreateColumn(List(Site(site), list), call),
            ("GET", ["sites", var site, "lists", var list, "columns", var column]) => new GraphReply(200, Column(List(Site(site), list), column).Definition.DeepClone()),
            ("PATCH", ["sites", var site, "lists", var list, "columns", var column]) => UpdateColumn(List(Site(site), list), column, call),
            ("GET", ["sites", var site, "lists", var list, "items"]) => GetItems(Site(site), List(Site(site), list), call),
            ("POST", ["sites", var site, "lists", var list, "items"]) => CreateItem(Site(site), List(Site(site), list), call),
            ("GET", ["sites", var site, "lists", var list, "items", "delta" or "delta()"]) => Delta(Site(site), List(Site(site), list), call),
            ("GET", ["sites", var site, "lists", var list, "items", var item]) => GetItem(Site(site), List(Site(site), list), item, call),
            ("DELETE", ["sites", var site, "lists", var list, "items", var item]) => DeleteItem(Site(site), List(Site(site), list), item, call),
            ("GET", ["sites", var site, "lists", var list, "items", var item, "fields"]) =>
                new GraphReply(200, FieldsJson(Site(site), List(Site(site), list), Item(List(Site(site), list), item), null)),
            ("PATCH", ["sites", var site, "lists", var list, "items", var item, "fields"]) =>
                UpdateFields(Site(site), List(Site(site), list), Item(List(Site(site), list), item), call),
            _ => RouteDrives(call, s) ?? throw new GraphException(400, "invalidRequest", $"Resource not found for the segment '{s[^1]}' ({call.Method} {path})."),
        };
    }

    private SiteState Site(string id) =>
        string.Equals(id, _site.Id, StringComparison.OrdinalIgnoreCase) ? _site
        : throw new GraphException(404, "itemNotFound", "Requested site could not be found");

    private static ListState List(SiteState site, string idOrName) =>
        site.Lists.FirstOrDefault(l => string.Equals(l.Id, idOrName, StringComparison.OrdinalIgnoreCase))
        ?? site.Lists.FirstOrDefault(l => string.Equals(l.DisplayName, idOrName, StringComparison.OrdinalIgnoreCase))
        ?? site.Lists.FirstOrDefault(l => string.Equals(l.Name, idOrName, StringComparison.OrdinalIgnoreCase))
        ?? throw new GraphException(404, "itemNotFound", "The requested resource does not exist.");

    private static ColumnState Column(ListState list, string idOrName) =>
        list.Columns.FirstOrDefault(c => string.Equals(c.Id, idOrName, StringComparison.OrdinalIgnoreCase))
        ?? list.Column(idOrName)
        ?? throw new GraphException(404, "itemNotFound", "The requested resource does not exist.");

    private static JsonObject SiteJson(SiteState site) => new()
    {
        ["createdDateTime"] = "2024-01-15T08:00:00Z",
        ["description"] = "",
        ["id"] = site.Id,
        ["lastModifiedDateTime"] = "2024-01-15T08:00:00Z",
        ["name"] = site.Path.Split('/')[^1],
        ["webUrl"] = site.WebUrl,
        ["displayName"] = site.DisplayName,
        ["root"] = new JsonObject(),
        ["siteCollection"] = new JsonObject { ["hostname"] = site.Hostname },
    };

    private JsonObject ListJson(SiteState site, ListState list, GraphCall? call)
    {
        var json = new JsonObject
        {
            ["@odata.etag"] = $"\"{list.Id},{list.Columns.Count}\"",
            ["createdDateTime"] = Stamp(list.Created),
            ["description"] = list.Description ?? "",
            ["eTag"] = $"\"{list.Id},{list.Columns.Count}\"",
            ["id"] = list.Id,
            ["lastModifiedDateTime"] = Stamp(list.Modified),
            ["name"] = list.Name,
            ["webUrl"] = list.IsLibrary ? $"{site.WebUrl}/{list.Name}" : $"{site.WebUrl}/Lists/{list.Name}",
            ["displayName"] = list.DisplayName,
            ["parentReference"] = new JsonObject { ["siteId"] = site.Id },
            ["list"] = new JsonObject { ["contentTypesEnabled"] = false, ["hidden"] = list.Hidden, ["template"] = list.Template },
        };
        if (list.Hidden) json["system"] = new JsonObject();
        if (call?.QueryValue("expand") is { } expand && expand.Split(',').Any(e => e.Trim().StartsWith("columns", StringComparison.OrdinalIgnoreCase)))
            json["columns"] = new JsonArray(list.Columns.Select(c => (JsonNode)c.Definition.DeepClone()).ToArray());
        return Select(json, call?.QueryValue("select"), "columns");
    }

    /// <summary>$select on a resource: the named properties and the OData annotations.</summary>
    private static JsonObject Select(JsonObject json, string? select, params string[] alwaysKept)
    {
        if (string.IsNullOrWhiteSpace(select)) return json;
        var keep = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var key in json.Select(p => p.Key).ToArray())
        {
            if (!key.StartsWith('@') && !keep.Contains(key) && !alwaysKept.Contains(key)) json.Remove(key);
        }
        return json;
    }

    private GraphReply GetLists(SiteState site, GraphCall call)
    {
        IEnumerable<ListState> lists = site.Lists;
        var select = call.QueryValue("select");
        // Lists with the system facet are left out unless it is selected, as Graph does.
        if (select is null || !select.Contains("system", StringComparison.OrdinalIgnoreCase)) lists = lists.Where(l => !l.Hidden);
        if (call.QueryValue("filter") is { } filter)
        {
            var match = Regex.Match(filter, @"^\s*displayName\s+eq\s+'(?<name>(?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase);
            if (!match.Success) throw new GraphException(400, "invalidRequest", $"Only displayName eq '...' is supported in $filter on lists: '{filter}'.");
            var name = match.Groups["name"].Value.Replace("''", "'");
            lists = lists.Where(l => string.Equals(l.DisplayName, name, StringComparison.OrdinalIgnoreCase));
        }
        return new GraphReply(200, new JsonObject
        {
            ["@odata.context"] = $"{GraphBaseUrl}/$metadata#sites('{site.Id}')/lists",
            ["value"] = new JsonArray(lists.Select(l => (JsonNode)ListJson(site, l, call)).ToArray()),
        });
    }

    private void DemandManage()
    {
        if (!CanManageLists) throw new GraphException(403, "accessDenied", "Access denied");
    }

    private GraphReply CreateList(SiteState site, GraphCall call)
    {
        DemandManage();
        var body = call.JsonBody();
        var displayName = (string?)body["displayName"];
        if (string.IsNullOrWhiteSpace(displayName)) throw new GraphException(400, "invalidRequest", "The list needs a displayName.");
        if (site.Lists.Any(l => string.Equals(l.DisplayName, displayName, StringComparison.OrdinalIgnoreCase)))
            throw new GraphException(409, "nameAlreadyExists", "The specified list name is already in use.");
        var template = (string?)body["list"]?["template"] ?? "genericList";
        if (template is not ("genericList" or "documentLibrary"))
            throw new GraphException(400, "notSupported", $"List template '{template}' is not supported by this server.");
        var list = NewList(site, displayName, template, (string?)body["description"]);
        if (body["columns"] is JsonArray columns)
        {
            foreach (var definition in columns)
                AddColumn(list, definition as JsonObject ?? throw new GraphException(400, "invalidRequest", "A column must be an object."));
        }
        return new GraphReply(201, ListJson(site, list, null));
    }

    private ListState NewList(SiteState site, string displayName, string template, string? description, bool hidden = false)
    {
        var name = new string(displayName.Where(char.IsLetterOrDigit).ToArray());
        var list = new ListState(Guid.NewGuid().ToString(), name.Length == 0 ? "List" : name, displayName, template, _time.GetUtcNow())
        {
            Description = description,
            Hidden = hidden,
        };
        list.Columns.Add(BuiltIn("Title", TitleColumnId, new JsonObject { ["text"] = Text() }, readOnly: false, required: template == "genericList"));
        foreach (var builtIn in ReadOnlyBuiltIns)
            list.Columns.Add(BuiltIn(builtIn, Guid.NewGuid().ToString(), new JsonObject { ["text"] = Text() }, readOnly: true, indexed: builtIn == "ID"));
        list.Columns.Add(BuiltIn("Author", Guid.NewGuid().ToString(), new JsonObject { ["personOrGroup"] = new JsonObject { ["chooseFromType"] = "peopleOnly" } }, readOnly: true));
        list.Columns.Add(BuiltIn("Editor", Guid.NewGuid().ToString(), new JsonObject { ["personOrGroup"] = new JsonObject { ["chooseFromType"] = "peopleOnly" } }, readOnly: true));
        list.Columns.Add(BuiltIn("Attachments", Guid.NewGuid().ToString(), new JsonObject { ["boolean"] = new JsonObject() }, readOnly: true));
        if (template == "documentLibrary")
        {
            list.Columns.Add(BuiltIn("FileLeafRef", Guid.NewGuid().ToString(), new JsonObject { ["text"] = Text() }, readOnly: true));
            list.Drive = new DriveState("b!" + Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray())
                .TrimEnd('=').Replace('+', '-').Replace('/', '_'), list);
        }
        site.Lists.Add(list);
        return list;

        static JsonObject Text() => new() { ["allowMultipleLines"] = false, ["appendChangesToExistingText"] = false, ["linesForEditing"] = 0, ["maxLength"] = 255 };
    }

    private static ColumnState BuiltIn(string name, string id, JsonObject type, bool readOnly, bool required = false, bool indexed = false)
    {
        var definition = new JsonObject
        {
            ["columnGroup"] = readOnly ? "_Hidden" : "Custom Columns",
            ["description"] = "",
            ["displayName"] = name,
            ["enforceUniqueValues"] = false,
            ["hidden"] = false,
            ["id"] = id,
            ["indexed"] = indexed,
            ["name"] = name,
            ["readOnly"] = readOnly,
            ["required"] = required,
        };
        foreach (var (key, value) in type) definition[key] = value?.DeepClone();
        return new ColumnState(definition);
    }

    private ColumnState AddColumn(ListState list, JsonObject given)
    {
        var definition = (JsonObject)given.DeepClone();
        var name = (string?)definition["name"] ?? new string(((string?)definition["displayName"] ?? "").Where(char.IsLetterOrDigit).ToArray());
        if (string.IsNullOrEmpty(name)) throw new GraphException(400, "invalidRequest", "A column needs a name or a displayName.");
        if (list.Column(name) is not null || (name.EndsWith("LookupId", StringComparison.OrdinalIgnoreCase) && list.Column(name[..^8]) is { IsLookup: true }))
            throw new GraphException(409, "nameAlreadyExists", $"A field or property named '{name}' already exists.");
        if (!definition.Any(p => p.Value is JsonObject))
            throw new GraphException(400, "invalidRequest", $"Column '{name}' has no type (text, number, dateTime, choice, personOrGroup, boolean, lookup, ...).");
        if (definition["lookup"] is JsonObject lookup && (string?)lookup["listId"] is { } listId
            && !_site.Lists.Any(l => string.Equals(l.Id, listId, StringComparison.OrdinalIgnoreCase)))
            throw new GraphException(400, "invalidRequest", $"Lookup column '{name}' refers to list '{listId}', which does not exist.");
        definition["id"] ??= Guid.NewGuid().ToString();
        definition["name"] = name;
        definition["displayName"] ??= name;
        definition["columnGroup"] ??= "Custom Columns";
        definition["description"] ??= "";
        foreach (var flag in (string[])["enforceUniqueValues", "hidden", "indexed", "readOnly", "required"]) definition[flag] ??= false;
        var column = new ColumnState(definition);
        list.Columns.Add(column);
        list.Modified = _time.GetUtcNow();
        return column;
    }

    private GraphReply GetColumns(ListState list) => new(200, new JsonObject
    {
        ["value"] = new JsonArray(list.Columns.Where(c => ListsHiddenColumns || !c.Hidden).Select(c => (JsonNode)c.Definition.DeepClone()).ToArray()),
    });

    private GraphReply CreateColumn(ListState list, GraphCall call)
    {
        DemandManage();
        return new GraphReply(201, AddColumn(list, call.JsonBody()).Definition.DeepClone());
    }

    private GraphReply UpdateColumn(ListState list, string idOrName, GraphCall call)
    {
        DemandManage();
        var column = Column(list, idOrName);
        foreach (var (key, value) in call.JsonBody())
        {
            if (key is "id" or "name") throw new GraphException(400, "invalidRequest", $"The column's {key} cannot be changed.");
            column.Definition[key] = value?.DeepClone();
        }
        list.Modified = _time.GetUtcNow();
        return new GraphReply(200, column.Definition.DeepClone());
    }
}
