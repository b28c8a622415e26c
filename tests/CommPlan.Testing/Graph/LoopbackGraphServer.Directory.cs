using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommPlan.Testing.Graph;

// The directory part the app asks about: users, groups and POST /users/{id}/checkMemberGroups, which answers the
// groups among those given (at most 20) that the user is a member of, directly or through other groups;
// GET /groups/{id}/transitiveMembers, the flat list of a group's members through nested groups, optionally cast to
// users (…/microsoft.graph.user, or graph.user as the SDK writes it) or groups, paged with $top and a skip token; GET
// /users/{id | userPrincipalName} (404 Request_ResourceNotFound for no such user) and GET /users?$filter=mail eq '…'
// (or userPrincipalName eq '…') or $search (which Graph takes on directory objects only with the header
// ConsistencyLevel: eventual); and the apps installed for a user, POST /users/{id}/teamwork/installedApps.
public sealed partial class LoopbackGraphServer
{
    public const int MaxCheckedGroups = 20;

    private readonly HashSet<Guid> _users = [];
    private readonly Dictionary<Guid, DirectoryUser> _userDetails = [];
    private readonly Dictionary<Guid, HashSet<string>> _installedApps = [];
    private readonly Dictionary<Guid, HashSet<Guid>> _groupMembers = [];
    private static readonly Regex SearchClause = new("^\\s*\"(?<property>[A-Za-z]+):(?<term>[^\"]*)\"\\s*(?:(?<op>OR|AND)\\s+|$)", RegexOptions.Compiled);
    private static readonly string[] SearchableUserProperties = ["displayName", "mail", "userPrincipalName", "givenName", "surname"];

    private sealed record DirectoryUser(Guid Id, string? DisplayName, string? Mail, string? UserPrincipalName, bool AccountEnabled);

    /// <summary>A user the directory knows, in no group yet, with their addresses and whether the account is enabled.</summary>
    public void AddDirectoryUser(Guid userId, string? mail = null, string? userPrincipalName = null, bool accountEnabled = true)
    {
        lock (_gate)
        {
            _users.Add(userId);
            var name = _userDetails.TryGetValue(userId, out var known) ? known.DisplayName : null;
            _userDetails[userId] = new DirectoryUser(userId, name, mail, userPrincipalName ?? mail, accountEnabled);
        }
    }

    /// <summary>A person of the directory with a name and (unless null) an e-mail address, found by GET /users?$search.</summary>
    public void AddDirectoryPerson(Guid userId, string displayName, string? mail)
    {
        lock (_gate)
        {
            _users.Add(userId);
            _userDetails[userId] = new DirectoryUser(userId, displayName, mail, mail, AccountEnabled: true);
        }
    }

    /// <summary>An app the user has already (installed by them or an admin): installing it again is a 409.</summary>
    public void InstallAppFor(Guid userId, string catalogAppId)
    {
        lock (_gate)
        {
            if (!_installedApps.TryGetValue(userId, out var apps)) _installedApps[userId] = apps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            apps.Add(catalogAppId);
        }
    }

    /// <summary>The catalog ids of the Teams apps installed for a user (personal scope).</summary>
    public IReadOnlyCollection<string> InstalledApps(Guid userId)
    {
        lock (_gate) return _installedApps.TryGetValue(userId, out var apps) ? apps.ToArray() : [];
    }

    /// <summary>Every user the directory knows: those added with details, and members of groups with only an id.</summary>
    private IEnumerable<DirectoryUser> AllUsers() =>
        _users.Select(id => _userDetails.TryGetValue(id, out var u) ? u : new DirectoryUser(id, null, null, null, AccountEnabled: true));

    private DirectoryUser UserByIdOrName(string key) =>
        AllUsers().FirstOrDefault(u => Guid.TryParse(key, out var id) && u.Id == id)
        ?? _userDetails.Values.FirstOrDefault(u => string.Equals(u.UserPrincipalName, key, StringComparison.OrdinalIgnoreCase))
        ?? throw new GraphException(404, "Request_ResourceNotFound",
            $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");

    private static JsonObject UserJson(DirectoryUser u) => new()
    {
        ["id"] = u.Id.ToString(),
        ["displayName"] = u.DisplayName,
        ["mail"] = u.Mail,
        ["userPrincipalName"] = u.UserPrincipalName ?? $"{u.Id:N}@contoso.onmicrosoft.com",
        ["accountEnabled"] = u.AccountEnabled,
    };

    private GraphReply GetUser(string key, GraphCall call)
    {
        var json = Selected(UserJson(UserByIdOrName(key)), Select(call));
        json["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity";
        return new GraphReply(200, json);
    }

    private static string[]? Select(GraphCall call) =>
        call.QueryValue("select")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static readonly Regex AddressClause = new(@"^\s*(mail|userPrincipalName)\s+eq\s+'((?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase);

    /// <summary>
    /// GET /users with $filter (the address clauses, mail or userPrincipalName, joined with or) or $search (quoted
    /// "property:term" clauses, only with ConsistencyLevel: eventual), $select and $top.
    /// </summary>
    private GraphReply ListUsers(GraphCall call)
    {
        var users = AllUsers().Select(UserJson).ToList();
        if (call.QueryValue("filter") is { Length: > 0 } filter)
        {
            var clauses = Regex.Split(filter, @"\s+or\s+", RegexOptions.IgnoreCase)
                .Select(c => AddressClause.Match(c))
                .Select(m => m.Success ? (Field: m.Groups[1].Value, Value: m.Groups[2].Value.Replace("''", "'"))
                    : throw new GraphException(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified: '{filter}'."))
                .ToArray();
            users = users.Where(u => clauses.Any(c => string.Equals(
                (string?)u[c.Field.Equals("mail", StringComparison.OrdinalIgnoreCase) ? "mail" : "userPrincipalName"], c.Value, StringComparison.OrdinalIgnoreCase))).ToList();
        }
        if (call.QueryValue("search") is { } search)
        {
            // Graph: "Request with $search query parameter only works through MSGraph with a special request header".
            if (!string.Equals(call.Header("ConsistencyLevel"), "eventual", StringComparison.OrdinalIgnoreCase))
                throw new GraphException(400, "Request_UnsupportedQuery",
                    "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            var clauses = ParseSearch(search);
            users = users.Where(u => Matches(u, clauses)).ToList();
        }
        var top = call.QueryValue("top") is { } t ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 100;
        var select = Select(call);
        return new GraphReply(200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users",
            ["value"] = new JsonArray(users.OrderBy(u => (string?)u["displayName"], StringComparer.OrdinalIgnoreCase).Take(top)
                .Select(u => (JsonNode)Selected(u, select)).ToArray()),
        });
    }

    /// <summary>
    /// Installs a Teams app for a user from the organisation's catalog: 201 with no body, 409 Conflict when it is
    /// installed already, 404 for a user the directory does not know.
    /// </summary>
    private GraphReply InstallApp(string user, GraphCall call)
    {
        var target = UserByIdOrName(user);
        var bind = call.JsonBody()["teamsApp@odata.bind"]?.GetValue<string>()
            ?? throw new GraphException(400, "BadRequest", "The property 'teamsApp@odata.bind' is required.");
        var marker = "/appCatalogs/teamsApps/";
        var at = bind.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) throw new GraphException(400, "BadRequest", $"Invalid bind value '{bind}'.");
        var appId = bind[(at + marker.Length)..];
        if (!_installedApps.TryGetValue(target.Id, out var apps)) _installedApps[target.Id] = apps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!apps.Add(appId)) throw new GraphException(409, "Conflict", "App is already installed for the user.");
        return new GraphReply(201, null);
    }

    /// <summary>Makes a user (or another group) a member of a group; membership through nested groups counts.</summary>
    public void AddGroupMember(Guid groupId, Guid memberId, bool memberIsGroup = false)
    {
        lock (_gate)
        {
            if (!_groupMembers.TryGetValue(groupId, out var members)) _groupMembers[groupId] = members = [];
            members.Add(memberId);
            if (memberIsGroup && !_groupMembers.ContainsKey(memberId)) _groupMembers[memberId] = [];
            else if (!memberIsGroup) _users.Add(memberId);
        }
    }

    private GraphReply CheckMemberGroups(string user, GraphCall call)
    {
        if (!Guid.TryParse(user, out var userId) || !_users.Contains(userId))
            throw new GraphException(404, "Request_ResourceNotFound",
                $"Resource '{user}' does not exist or one of its queried reference-property objects are not present.");
        if (call.JsonBody()["groupIds"] is not JsonArray ids)
            throw new GraphException(400, "Request_BadRequest", "A value is required for parameter 'groupIds' in action 'checkMemberGroups'.");
        if (ids.Count > MaxCheckedGroups)
            throw new GraphException(400, "Request_BadRequest", $"The number of groupIds in the request exceeds the limit of {MaxCheckedGroups}.");
        var asked = new List<Guid>();
        foreach (var id in ids)
        {
            if (id?.GetValueKind() != System.Text.Json.JsonValueKind.String || !Guid.TryParse(id.GetValue<string>(), out var group))
                throw new GraphException(400, "Request_BadRequest", $"Invalid GUID:{id?.ToJsonString()}");
            asked.Add(group);
        }
        var value = new JsonArray(asked.Distinct().Where(g => IsMember(g, userId, [])).Select(g => (JsonNode)JsonValue.Create(g.ToString())).ToArray());
        return new GraphReply(200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)",
            ["value"] = value,
        });
    }

    private bool IsMember(Guid group, Guid member, HashSet<Guid> seen)
    {
        if (!seen.Add(group) || !_groupMembers.TryGetValue(group, out var members)) return false;
        return members.Contains(member) || members.Any(m => _groupMembers.ContainsKey(m) && IsMember(m, member, seen));
    }

    private GraphReply TransitiveMembers(string group, string? cast, GraphCall call)
    {
        if (!Guid.TryParse(group, out var groupId) || !_groupMembers.ContainsKey(groupId))
            throw new GraphException(404, "Request_ResourceNotFound",
                $"Resource '{group}' does not exist or one of its queried reference-property objects are not present.");
        var type = cast switch
        {
            null => null,
            "microsoft.graph.user" or "graph.user" => "user",
            "microsoft.graph.group" or "graph.group" => "group",
            _ => throw new GraphException(400, "Request_UnsupportedQuery", $"Unsupported member type '{cast}'."),
        };
        var members = new List<(Guid Id, string Type)>();
        Flatten(groupId, members, [groupId]);
        var matching = members.Where(m => type is null || m.Type == type).ToList();
        var offset = 0;
        if (call.QueryValue("skiptoken") is { } token
            && !int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(token)).Replace("offset=", ""), out offset))
            throw new GraphException(400, "Request_BadRequest", "The skip token is not valid.");
        var size = PageSizeFor(call);
        var page = matching.Skip(offset).Take(size).ToList();
        var json = new JsonObject
        {
            ["@odata.context"] = $"{GraphBaseUrl}/$metadata#{(type is null ? "directoryObjects" : type + "s")}",
            ["value"] = new JsonArray(page.Select(m => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph." + m.Type, ["id"] = m.Id.ToString() }).ToArray()),
        };
        if (offset + size < matching.Count)
            json["@odata.nextLink"] = Link(call, "skiptoken", Convert.ToBase64String(Encoding.UTF8.GetBytes("offset=" + (offset + size))));
        return new GraphReply(200, json);
    }

    private void Flatten(Guid group, List<(Guid Id, string Type)> into, HashSet<Guid> seen)
    {
        foreach (var member in _groupMembers[group])
        {
            if (into.Any(m => m.Id == member)) continue;
            var isGroup = _groupMembers.ContainsKey(member);
            into.Add((member, isGroup ? "group" : "user"));
            if (isGroup && seen.Add(member)) Flatten(member, into, seen);
        }
    }

    private static JsonObject Selected(JsonObject user, string[]? select) =>
        select is null ? user : new JsonObject(user.Where(kv => kv.Key == "id" || select.Contains(kv.Key, StringComparer.OrdinalIgnoreCase))
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));

    /// <summary>"property:term" clauses in quotes, joined by OR or AND, as Graph's $search on directory objects takes them.</summary>
    private static List<(string Property, string Term, string? Op)> ParseSearch(string search)
    {
        var clauses = new List<(string, string, string?)>();
        var rest = search;
        while (rest.Trim().Length > 0)
        {
            var m = SearchClause.Match(rest);
            if (!m.Success) throw new GraphException(400, "Request_BadRequest", $"Syntax error: invalid $search '{search}'.");
            var property = SearchableUserProperties.FirstOrDefault(p => p.Equals(m.Groups["property"].Value, StringComparison.OrdinalIgnoreCase))
                ?? throw new GraphException(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified for property '{m.Groups["property"].Value}' of resource 'User'.");
            clauses.Add((property, m.Groups["term"].Value, m.Groups["op"].Success ? m.Groups["op"].Value : null));
            rest = rest[m.Length..];
        }
        if (clauses.Count == 0) throw new GraphException(400, "Request_BadRequest", "Syntax error: empty $search.");
        return clauses;
    }

    private static bool Matches(JsonObject user, List<(string Property, string Term, string? Op)> clauses)
    {
        var result = Matches(user, clauses[0].Property, clauses[0].Term);
        for (var i = 1; i < clauses.Count; i++)
        {
            var next = Matches(user, clauses[i].Property, clauses[i].Term);
            result = clauses[i - 1].Op == "AND" ? result && next : result || next;
        }
        return result;
    }

    /// <summary>
    /// Graph tokenizes the property's value (spaces, punctuation, casing) and each word of the term must start one of
    /// its words: "displayName:ann lin" finds "Anna Lindqvist".
    /// </summary>
    private static bool Matches(JsonObject user, string property, string term)
    {
        var value = (string?)user[property] ?? "";
        var words = Tokens(value);
        var wanted = Tokens(term);
        return wanted.Length > 0 && wanted.All(w => words.Any(v => v.StartsWith(w, StringComparison.OrdinalIgnoreCase)))
            || value.StartsWith(term, StringComparison.OrdinalIgnoreCase) && term.Length > 0;
    }

    private static string[] Tokens(string text) =>
        text.Split([' ', '.', '@', '-', '_', ',', '\''], StringSplitOptions.RemoveEmptyEntries);
}
