using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommPlan.Testing.Graph;

// The directory part the app asks about: users, groups and POST /users/{id}/checkMemberGroups, which answers the
// groups among those given (at most 20) that the user is a member of, directly or through other groups; GET /users
// with $search (which Graph takes on directory objects only with the header ConsistencyLevel: eventual) and
// GET /users/{id}.
public sealed partial class LoopbackGraphServer
{
    private static readonly Regex SearchClause = new("^\\s*\"(?<property>[A-Za-z]+):(?<term>[^\"]*)\"\\s*(?:(?<op>OR|AND)\\s+|$)", RegexOptions.Compiled);
    private static readonly string[] SearchableUserProperties = ["displayName", "mail", "userPrincipalName", "givenName", "surname"];
    private readonly Dictionary<Guid, (string DisplayName, string? Mail)> _people = [];

    public const int MaxCheckedGroups = 20;

    private readonly HashSet<Guid> _users = [];
    private readonly Dictionary<Guid, HashSet<Guid>> _groupMembers = [];

    /// <summary>A user the directory knows, in no group yet.</summary>
    public void AddDirectoryUser(Guid userId)
    {
        lock (_gate) _users.Add(userId);
    }

    /// <summary>A person of the directory with a name and (unless null) an e-mail address, found by GET /users?$search.</summary>
    public void AddDirectoryPerson(Guid userId, string displayName, string? mail)
    {
        lock (_gate)
        {
            _users.Add(userId);
            _people[userId] = (displayName, mail);
        }
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

    private GraphReply ListUsers(GraphCall call)
    {
        var matches = _users.Select(UserJsonFields).ToList();
        if (call.QueryValue("search") is { } search)
        {
            // Graph: "Request with $search query parameter only works through MSGraph with a special request header".
            if (!string.Equals(call.Header("ConsistencyLevel"), "eventual", StringComparison.OrdinalIgnoreCase))
                throw new GraphException(400, "Request_UnsupportedQuery",
                    "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            var clauses = ParseSearch(search);
            matches = matches.Where(u => Matches(u, clauses)).ToList();
        }
        var top = call.QueryValue("top") is { } t ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 100;
        var select = call.QueryValue("select")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var value = new JsonArray(matches.OrderBy(u => (string?)u["displayName"], StringComparer.OrdinalIgnoreCase).Take(top)
            .Select(u => (JsonNode)Selected(u, select)).ToArray());
        return new GraphReply(200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users",
            ["value"] = value,
        });
    }

    private GraphReply GetUser(string user, GraphCall call)
    {
        if (!Guid.TryParse(user, out var userId) || !_users.Contains(userId))
            throw new GraphException(404, "Request_ResourceNotFound",
                $"Resource '{user}' does not exist or one of its queried reference-property objects are not present.");
        var select = call.QueryValue("select")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var json = Selected(UserJsonFields(userId), select);
        json["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity";
        return new GraphReply(200, json);
    }

    private JsonObject UserJsonFields(Guid id)
    {
        var (name, mail) = _people.TryGetValue(id, out var p) ? p : (null!, null);
        return new JsonObject
        {
            ["id"] = id.ToString(),
            ["displayName"] = name,
            ["mail"] = mail,
            ["userPrincipalName"] = mail ?? $"{id:N}@contoso.onmicrosoft.com",
        };
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
