using System.Collections.Concurrent;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>The lists or libraries the app needs are not on the site: run the provision command.</summary>
public sealed class SharePointNotProvisionedException(string what)
    : Exception($"{what} is not on the SharePoint site. Run `dotnet run --project src/CommPlan.Host -- provision` (with a manage grant on the site).");

/// <summary>
/// The configured site and the ids of its lists and drives, looked up once per process: ids never change, and
/// resolving them on every call would double the requests of a warm read.
/// </summary>
public sealed class SharePointSite(GraphCalls graph, SharePointOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _lookup = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _drives = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SyncGate> _syncGates = new(StringComparer.Ordinal);
    private string? _siteId;
    private Dictionary<string, string>? _lists;
    private DateTimeOffset _listsReadAt;

    public async Task<string> IdAsync(CancellationToken ct)
    {
        if (_siteId is not null) return _siteId;
        if (!string.IsNullOrWhiteSpace(options.SiteId)) return _siteId = options.SiteId.Trim();
        var url = new Uri(options.SiteUrl!.Trim());
        // GET /sites/{hostname}:/{server-relative-path}: the site by its address, since Sites.Selected cannot search.
        var site = await graph.SendAsync(GraphCalls.Link(Method.GET,
            $"{options.GraphBaseUrl.TrimEnd('/')}/sites/{url.Host}:{url.AbsolutePath.TrimEnd('/')}?$select=id"), ct);
        return _siteId = site?.GetProperty("id").GetString() ?? throw new InvalidDataException("Graph returned a site without an id.");
    }

    /// <summary>The list's id by its display name.</summary>
    public async Task<string> ListIdAsync(string displayName, CancellationToken ct)
    {
        var lists = _lists ?? await LoadListsAsync(ct);
        if (lists.TryGetValue(displayName, out var id)) return id;
        // Provisioning may have run (in another process) since the lists were read: look again, at most once a minute.
        if (time.GetUtcNow() - _listsReadAt > TimeSpan.FromMinutes(1))
        {
            _lists = null;
            if ((await LoadListsAsync(ct)).TryGetValue(displayName, out id)) return id;
        }
        throw new SharePointNotProvisionedException($"The list '{displayName}'");
    }

    public async Task<string> DriveIdAsync(string libraryName, CancellationToken ct)
    {
        if (_drives.TryGetValue(libraryName, out var id)) return id;
        var site = await IdAsync(ct);
        var list = await ListIdAsync(libraryName, ct);
        var drive = await graph.SendAsync(graph.Client.Sites[site].Lists[list].Drive.ToGetRequestInformation(c => c.QueryParameters.Select = ["id"]), ct);
        return _drives[libraryName] = drive?.GetProperty("id").GetString() ?? throw new SharePointNotProvisionedException($"The library '{libraryName}'");
    }

    /// <summary>One delta sync of a list at a time in this process (see <see cref="SyncGate"/>).</summary>
    public SyncGate SyncGate(string list) => _syncGates.GetOrAdd(list, _ => new SyncGate(graph.Throttle));

    /// <summary>
    /// Each plan's year, as the plan store last read or wrote it: what places a row someone added by hand in
    /// SharePoint (no plan id) in the plan of the year it falls in, without a request of its own.
    /// </summary>
    public ConcurrentDictionary<Guid, int> PlanYears { get; } = new();

    /// <summary>After provisioning: lists may have been created.</summary>
    public void Forget()
    {
        _lists = null;
        _drives.Clear();
    }

    private async Task<Dictionary<string, string>> LoadListsAsync(CancellationToken ct)
    {
        await _lookup.WaitAsync(ct);
        try
        {
            if (_lists is not null) return _lists;
            var site = await IdAsync(ct);
            var (items, _) = await graph.ReadAllAsync(graph.Client.Sites[site].Lists.ToGetRequestInformation(c => c.QueryParameters.Select = ["id", "displayName"]), ct);
            _listsReadAt = time.GetUtcNow();
            return _lists = items.GroupBy(l => l.GetProperty("displayName").GetString() ?? "")
                .ToDictionary(g => g.Key, g => g.First().GetProperty("id").GetString()!, StringComparer.Ordinal);
        }
        finally
        {
            _lookup.Release();
        }
    }
}

/// <summary>
/// Lets one delta sync of a list run at a time, and spares the waiting readers theirs: a sync that started after a
/// reader arrived and succeeded has brought the cache as far as the reader's own would.
/// </summary>
public sealed class SyncGate(SharePointThrottle throttle)
{
    // How often a queued reader looks whether the sync ahead of it is sitting out throttling.
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _one = new(1, 1);
    private long _started;
    private long _succeeded;

    public async Task RunAsync(Func<Task> sync, CancellationToken ct)
    {
        var arrived = Interlocked.Read(ref _started);
        // The sync ahead may be bulk work waiting out minutes of throttling: a person does not queue behind it.
        while (!await _one.WaitAsync(Look, ct)) throttle.ThrowIfLaneWouldNotWait();
        try
        {
            if (Interlocked.Read(ref _succeeded) > arrived) return;
            var mine = Interlocked.Increment(ref _started);
            await sync();
            Interlocked.Exchange(ref _succeeded, mine);
        }
        finally
        {
            _one.Release();
        }
    }
}
