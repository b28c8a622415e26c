using System.Globalization;
using System.Text.Json;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>A person as the site knows them: the site-local id a person column holds, and their addresses.</summary>
public sealed record SiteUser(int Id, string DisplayName, string? Email, string? Login)
{
    /// <summary>Whether this is the person with that e-mail or sign-in address (they differ in some tenants).</summary>
    public bool Has(string address) =>
        string.Equals(Email, address, StringComparison.OrdinalIgnoreCase) || string.Equals(Login, address, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The site's people, from its hidden User Information List: a person column takes a site-local user id, and Graph
/// has no call that turns an Entra user into one, so the app reads the list and matches by e-mail or sign-in name.
/// Read once per process and again, at most once a minute, when someone is missing: a person appears in the list
/// the first time they visit the site or are given access to it.
/// </summary>
public sealed class SiteUsers(GraphCalls graph, SharePointSite site, TimeProvider time, ILogger<SiteUsers> log)
{
    public const string ListName = "User Information List";
    private static readonly TimeSpan RereadAfter = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _one = new(1, 1);
    private IReadOnlyList<SiteUser>? _users;
    private DateTimeOffset _readAt;

    public Task<SiteUser?> FindAsync(string address, CancellationToken ct) =>
        FindAsync(users => users.FirstOrDefault(u => u.Has(address)), ct);

    public Task<SiteUser?> FindAsync(int id, CancellationToken ct) =>
        FindAsync(users => users.FirstOrDefault(u => u.Id == id), ct);

    private async Task<SiteUser?> FindAsync(Func<IReadOnlyList<SiteUser>, SiteUser?> find, CancellationToken ct)
    {
        var known = _users;
        if (known is not null && find(known) is { } user) return user;
        await _one.WaitAsync(ct);
        try
        {
            // Another caller may have read the list while this one waited.
            if (!ReferenceEquals(known, _users) && _users is not null && find(_users) is { } found) return found;
            if (_users is not null && time.GetUtcNow() - _readAt < RereadAfter) return find(_users);
            try
            {
                _users = await ReadAsync(ct);
            }
            catch (ApiException e)
            {
                // The person column is a convenience: without the user list, owners are still saved by name and
                // e-mail, and the list is tried again a minute later.
                log.LogWarning(e, "Could not read the site's user list ({Status}); the Owner person column is left as it is", e.ResponseStatusCode);
                _users ??= [];
            }
            _readAt = time.GetUtcNow();
            return find(_users);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<IReadOnlyList<SiteUser>> ReadAsync(CancellationToken ct)
    {
        var siteId = await site.IdAsync(ct);
        var (items, _) = await graph.ReadAllAsync(graph.Client.Sites[siteId].Lists[ListName].Items.ToGetRequestInformation(c =>
            c.QueryParameters.Expand = ["fields(select=Title,EMail,UserName,Name)"]), ct);
        var users = new List<SiteUser>(items.Count);
        foreach (var item in items)
        {
            if (!item.TryGetProperty("fields", out var fields)
                || !int.TryParse(item.GetProperty("id").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            users.Add(new SiteUser(id, ActivityFields.Text(fields, "Title") ?? "", Blank(ActivityFields.Text(fields, "EMail")), LoginOf(fields)));
        }
        return users;
    }

    /// <summary>The sign-in name: UserName where the site has it, else the tail of the claims name (i:0#.f|membership|anna@…).</summary>
    private static string? LoginOf(JsonElement fields)
    {
        if (Blank(ActivityFields.Text(fields, "UserName")) is { } login) return login;
        var claims = ActivityFields.Text(fields, "Name");
        var bar = claims?.LastIndexOf('|') ?? -1;
        return claims is not null && bar >= 0 && claims[(bar + 1)..].Contains('@') ? claims[(bar + 1)..] : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
