using System.Text.Json;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// The organisation's people from Entra ID through Microsoft Graph: <c>GET /users?$search="displayName:…" OR "mail:…"</c>
/// with <c>ConsistencyLevel: eventual</c> (Graph refuses $search on directory objects without it). The app signs in
/// as itself (client credentials), so <c>/me/people</c>, which needs a signed-in user's delegated token, is not an
/// option; <c>/users</c> takes the application permission User.Read.All (or User.ReadBasic.All). A 403 means that
/// permission is missing: said once as the reason, the picker falls back to the plan's people. Throttling is
/// answered by the Graph client's lanes (an interactive request does not wait out a long Retry-After).
/// An address is looked up as a sign-in name (<c>users/{address}</c>) and, where the e-mail address differs from it,
/// as a mailbox (<c>users?$filter=mail eq '…'</c>); without User.Read.All (403) the person is reported as not looked
/// up, with the permission to grant as the reason.
/// </summary>
public sealed class GraphPeopleDirectory(GraphCalls graph) : IPeopleDirectory
{
    private static readonly string[] Fields = ["id", "displayName", "mail", "userPrincipalName"];
    private static readonly string[] AddressFields = ["id", "accountEnabled", "mail", "userPrincipalName"];

    /// <summary>The most people one search answers with: a picker lists a handful, never the whole directory.</summary>
    public const int MaxResults = 25;

    public bool IsAvailable => true;

    public async Task<IReadOnlyList<DirectoryPerson>> SearchAsync(string text, int max, CancellationToken ct)
    {
        var term = Term(text);
        if (term.Length == 0) return [];
        var request = graph.Client.Users.ToGetRequestInformation(c =>
        {
            c.QueryParameters.Search = $"\"displayName:{term}\" OR \"mail:{term}\"";
            c.QueryParameters.Select = Fields;
            c.QueryParameters.Top = Math.Clamp(max, 1, MaxResults);
            c.Headers.Add("ConsistencyLevel", "eventual");
        });
        var answer = await SendAsync(request, ct);
        return answer is { } a && a.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(Person).OfType<DirectoryPerson>().Take(max).ToArray()
            : [];
    }

    public async Task<DirectoryPerson?> FindAsync(Guid objectId, CancellationToken ct)
    {
        var request = graph.Client.Users[objectId.ToString()].ToGetRequestInformation(c => c.QueryParameters.Select = Fields);
        try
        {
            return await SendAsync(request, ct) is { } user ? Person(user) : null;
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return null;
        }
    }

    public async Task<DirectoryPerson?> FindByMailAsync(string mail, CancellationToken ct)
    {
        // The search matches addresses that start with it; only the one that is exactly it (in any case) is the person.
        var found = await SearchAsync(mail, MaxResults, ct);
        return found.FirstOrDefault(p => string.Equals(p.Mail, mail.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    public async Task<AddressLookup> LookUpAddressAsync(string address, CancellationToken ct)
    {
        try
        {
            JsonElement? user = null;
            try
            {
                user = await graph.SendAsync(graph.Client.Users[address].ToGetRequestInformation(c => c.QueryParameters.Select = AddressFields), ct);
            }
            catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
            {
                // Not a sign-in name; the mailbox may still have this address.
                var escaped = address.Replace("'", "''", StringComparison.Ordinal);
                var list = await graph.SendAsync(graph.Client.Users.ToGetRequestInformation(c =>
                {
                    c.QueryParameters.Filter = $"mail eq '{escaped}'";
                    c.QueryParameters.Select = AddressFields;
                }), ct);
                if (list is { } l && l.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0)
                    user = value[0];
            }
            if (user is not { } found || !found.TryGetProperty("id", out var id) || !Guid.TryParse(id.GetString(), out var objectId))
                return new AddressLookup(DirectoryAnswer.NotFound, null, $"No Entra account has the address {address} (Graph: user not found).");
            if (found.TryGetProperty("accountEnabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
                return new AddressLookup(DirectoryAnswer.Disabled, objectId, $"The Entra account of {address} is disabled.");
            return AddressLookup.Found(objectId);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 403)
        {
            return new AddressLookup(DirectoryAnswer.NotAsked, null,
                $"The app may not read users in Microsoft Graph ({GraphCalls.CodeOf(e) ?? "403"}): grant User.Read.All to look up {address}.");
        }
    }

    private async Task<JsonElement?> SendAsync(RequestInformation request, CancellationToken ct)
    {
        try
        {
            return await graph.SendAsync(request, ct);
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 403)
        {
            throw new DependencyUnavailableException("Microsoft Graph directory",
                $"Microsoft Graph refused the app the organisation's users ({GraphCalls.CodeOf(e) ?? "403"}): grant the app registration the " +
                "application permission User.Read.All (or User.ReadBasic.All), with admin consent, to pick owners from the directory.",
                TimeSpan.FromMinutes(1), e);
        }
    }

    /// <summary>What is searched for: quotes and backslashes would end Graph's quoted search clause, so they are left out.</summary>
    internal static string Term(string text)
    {
        var cleaned = new string(text.Where(c => c is not ('"' or '\\') && !char.IsControl(c)).ToArray()).Trim();
        return cleaned.Length > 100 ? cleaned[..100] : cleaned;
    }

    private static DirectoryPerson? Person(JsonElement user)
    {
        if (!user.TryGetProperty("id", out var id) || !Guid.TryParse(id.GetString(), out var objectId)) return null;
        var name = user.TryGetProperty("displayName", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var mail = user.TryGetProperty("mail", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return new DirectoryPerson(objectId, string.IsNullOrWhiteSpace(name) ? mail ?? objectId.ToString() : name, string.IsNullOrWhiteSpace(mail) ? null : mail);
    }
}
