using System.Text;
using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// The directory part the app asks about: users, groups and POST /users/{id}/checkMemberGroups, which answers the
// groups among those given (at most 20) that the user is a member of, directly or through other groups;
// GET /groups/{id}/transitiveMembers, the flat list of a group's members through nested groups, optionally cast to
// users (…/microsoft.graph.user, or graph.user as the SDK writes it) or groups, paged with $top and a skip token; GET
// /users/{id | userPrincipalName} (404 Request_ResourceNotFound for no such user) and GET /users?$filter=mail eq '…'
// (or userPrincipalName eq '…'); and the apps installed for a user, POST /users/{id}/teamwork/installedApps.
public sealed partial class LoopbackGraphServer
{
    public const int MaxCheckedGroups = 20;

    private readonly HashSet<Guid> _users = [];
    private readonly Dictionary<Guid, DirectoryUser> _userDetails = [];
    private readonly Dictionary<Guid, HashSet<string>> _installedApps = [];
    private readonly Dictionary<Guid, HashSet<Guid>> _groupMembers = [];

    private sealed record DirectoryUser(Guid Id, string? Mail, string? UserPrincipalName, bool AccountEnabled);

    /// <summary>A user the directory knows, in no group yet, with their addresses and whether the account is enabled.</summary>
    public void AddDirectoryUser(Guid userId, string? mail = null, string? userPrincipalName = null, bool accountEnabled = true)
    {
        lock (_gate)
        {
            _users.Add(userId);
            _userDetails[userId] = new DirectoryUser(userId, mail, userPrincipalName ?? mail, accountEnabled);
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

    private DirectoryUser UserByIdOrName(string key) =>
        (Guid.TryParse(key, out var id) && _userDetails.TryGetValue(id, out var byId) ? byId : null)
        ?? _userDetails.Values.FirstOrDefault(u => string.Equals(u.UserPrincipalName, key, StringComparison.OrdinalIgnoreCase))
        ?? throw new GraphException(404, "Request_ResourceNotFound",
            $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");

    private static JsonObject UserJson(DirectoryUser u) => new()
    {
        ["id"] = u.Id.ToString(),
        ["mail"] = u.Mail,
        ["userPrincipalName"] = u.UserPrincipalName,
        ["accountEnabled"] = u.AccountEnabled,
    };

    private GraphReply GetUser(string key) => new(200, UserJson(UserByIdOrName(key)));

    private static readonly System.Text.RegularExpressions.Regex AddressClause =
        new(@"^\s*(mail|userPrincipalName)\s+eq\s+'((?:[^']|'')*)'\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>GET /users with $filter: the address clauses (mail, userPrincipalName) joined with or.</summary>
    private GraphReply ListUsers(GraphCall call)
    {
        var filter = call.QueryValue("filter");
        IEnumerable<DirectoryUser> users = _userDetails.Values;
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var clauses = System.Text.RegularExpressions.Regex.Split(filter, @"\s+or\s+", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                .Select(c => AddressClause.Match(c))
                .Select(m => m.Success ? (Field: m.Groups[1].Value, Value: m.Groups[2].Value.Replace("''", "'"))
                    : throw new GraphException(400, "Request_UnsupportedQuery", $"Unsupported or invalid query filter clause specified: '{filter}'."))
                .ToArray();
            users = users.Where(u => clauses.Any(c => string.Equals(
                c.Field.Equals("mail", StringComparison.OrdinalIgnoreCase) ? u.Mail : u.UserPrincipalName, c.Value, StringComparison.OrdinalIgnoreCase)));
        }
        return new GraphReply(200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users",
            ["value"] = new JsonArray(users.Select(u => (JsonNode)UserJson(u)).ToArray()),
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
}
