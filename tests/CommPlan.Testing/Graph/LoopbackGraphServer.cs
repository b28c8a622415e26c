using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommPlan.Testing.Graph;

/// <summary>
/// Stands in for Microsoft Graph v1.0 on loopback (plain HTTP) for the SharePoint part the storage uses: one seeded site
/// with its lists, columns, items (eTags, paging, filters that need indexed columns, delta), document libraries and
/// their files, and JSON batching. Small server-side pages, throttling and faults on demand, and a record of every
/// request so tests can count what a client costs. Nothing is persisted.
/// </summary>
/// <remarks>
/// The Graph SDK is pointed at it with <c>new GraphServiceClient(httpClient, authProvider, server.GraphBaseUrl)</c>; its
/// token provider must allow the host 127.0.0.1 (Kiota only sends tokens to allowed hosts, and takes plain HTTP only
/// for loopback). Download and upload-session URLs are pre-authenticated, as Graph's are: they need no token.
/// </remarks>
public sealed partial class LoopbackGraphServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly SiteState _site;
    private readonly ConcurrentQueue<GraphRequestRecord> _requests = new();
    private readonly ConcurrentQueue<Fault> _nextFaults = new();
    private readonly ConcurrentQueue<Fault> _nextStepFaults = new();
    private readonly object _faultGate = new();
    private Random _shuffle = new(17);
    private int _throttleEvery, _throttleRetryAfter, _throttleTick;
    private int _requestCount, _stepCount, _throttled, _resourceUnits, _directoryLookups;
    private int _deltaEpoch = 1;

    private LoopbackGraphServer(WebApplication app, TimeProvider time, string hostname, string sitePath)
    {
        _app = app;
        _time = time;
        _site = new SiteState($"{hostname},{Guid.NewGuid()},{Guid.NewGuid()}", hostname, sitePath, "CommPlan");
        SeedSite();
    }

    /// <summary>The server root, e.g. http://127.0.0.1:5123 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What the Graph SDK is given as its base URL: {BaseUrl}/v1.0.</summary>
    public string GraphBaseUrl => BaseUrl + "/v1.0";

    /// <summary>The seeded site's id, "{hostname},{site collection id},{web id}" as Graph gives it.</summary>
    public string SiteId => _site.Id;
    public string SiteHostname => _site.Hostname;
    /// <summary>The seeded site's server-relative path, e.g. /sites/commplan.</summary>
    public string SitePath => _site.Path;
    public string SiteWebUrl => _site.WebUrl;

    /// <summary>The most items (or files) one page holds; a client's $top can make a page smaller, never larger.</summary>
    public int PageSize { get; set; } = 5;

    /// <summary>The audience of tokens for Microsoft Graph (the resource URI; Graph also takes its app id).</summary>
    public const string GraphAudience = "https://graph.microsoft.com";

    private Func<string, IssuedToken?> _tokens = _ => null;
    private readonly ConcurrentDictionary<string, string> _siteGrants = new(StringComparer.Ordinal);

    /// <summary>
    /// Where bearer tokens are looked up, as Graph validates them: issued, for Graph, and with an app role that reaches
    /// the site (Sites.Selected with a grant on it, or one of the tenant-wide Sites roles). Until this is called every
    /// token is refused.
    /// </summary>
    public void TrustTokensFrom(Func<string, IssuedToken?> lookup) => _tokens = lookup;

    public void TrustTokensFrom(LoopbackTokenServer tokens) => TrustTokensFrom(tokens.Lookup);

    /// <summary>A Sites.Selected permission on the seeded site for the app (role read, write, manage or fullcontrol).</summary>
    public void GrantSite(string clientId, string role = "fullcontrol") => _siteGrants[clientId] = role;

    public void RevokeSite(string clientId) => _siteGrants.TryRemove(clientId, out _);

    /// <summary>Delay added to every wire request before it is answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>
    /// Delay before a directory lookup (checkMemberGroups, transitiveMembers) is answered; <see cref="Timeout.InfiniteTimeSpan"/>
    /// hangs it until the client gives up. The directory can be slow while SharePoint answers.
    /// </summary>
    public TimeSpan DirectoryDelay { get; set; }

    /// <summary>Directory lookups (checkMemberGroups, transitiveMembers) that arrived, answered or not.</summary>
    public int DirectoryLookups => _directoryLookups;

    /// <summary>
    /// GET .../content answers 302 to the pre-authenticated download URL, as Graph does; false serves the bytes
    /// directly, for a test that looks at the content alone.
    /// </summary>
    public bool RedirectContentDownloads { get; set; } = true;

    /// <summary>
    /// Whether the app may create lists and columns. A Sites.Selected grant with the write role may not: Graph answers
    /// 403 accessDenied, and provisioning needs a manage or fullcontrol grant.
    /// </summary>
    public bool CanManageLists { get; set; } = true;

    /// <summary>
    /// Whether GET .../columns lists hidden columns. Some tenants' Graph leaves them out (msgraph-beta-sdk-dotnet #433)
    /// while they exist: creating one again is then answered 409 nameAlreadyExists.
    /// </summary>
    public bool ListsHiddenColumns { get; set; } = true;

    /// <summary>Delta pages carry every changed item twice, as Graph may: clients must keep the last.</summary>
    public bool RepeatDeltaChanges { get; set; }

    /// <summary>Wire requests and batch steps, in the order they were answered.</summary>
    public IReadOnlyList<GraphRequestRecord> Requests => _requests.ToArray();

    /// <summary>Wire requests: a batch counts once.</summary>
    public int RequestCount => _requestCount;
    /// <summary>Steps of batches.</summary>
    public int StepCount => _stepCount;
    /// <summary>Requests and steps answered 429 or 503.</summary>
    public int ThrottledCount => _throttled;
    /// <summary>
    /// SharePoint resource units spent, as the throttling guide counts them: 1 for a single-item read or a delta with a
    /// token, 2 for a multi-item read, a delta without a token, and every write.
    /// </summary>
    public int ResourceUnits => _resourceUnits;

    public static async Task<LoopbackGraphServer> StartAsync(TimeProvider? time = null, string hostname = "contoso.sharepoint.com", string sitePath = "/sites/commplan")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackGraphServer(app, time ?? TimeProvider.System, hostname, sitePath);
        app.Run(server.Serve);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public void ResetCounters()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
        Interlocked.Exchange(ref _stepCount, 0);
        Interlocked.Exchange(ref _throttled, 0);
        Interlocked.Exchange(ref _resourceUnits, 0);
        Interlocked.Exchange(ref _directoryLookups, 0);
    }

    /// <summary>Every n-th request or batch step from now on is answered 429 with Retry-After; 0 stops it.</summary>
    public void ThrottleEvery(int n, int retryAfterSeconds = 1)
    {
        lock (_faultGate)
        {
            _throttleEvery = n;
            _throttleRetryAfter = retryAfterSeconds;
            _throttleTick = 0;
        }
    }

    /// <summary>
    /// The next request or batch step is answered with this status and error code (e.g. 503 serviceNotAvailable with a
    /// Retry-After). Several calls queue up.
    /// </summary>
    public void FailNext(int status, string code, TimeSpan? retryAfter = null, string? message = null) =>
        _nextFaults.Enqueue(new Fault(status, code, retryAfter, message));

    /// <summary>
    /// The next <paramref name="count"/> requests or batch steps (with <paramref name="batchStepsOnly"/>, only steps:
    /// the requests around a batch pass) are answered 429 activityLimitReached with this Retry-After, as SharePoint
    /// throttles an app that spent its budget.
    /// </summary>
    public void ThrottleNext(int count, TimeSpan retryAfter, bool batchStepsOnly = false)
    {
        for (var i = 0; i < count; i++)
            (batchStepsOnly ? _nextStepFaults : _nextFaults).Enqueue(new Fault(429, "activityLimitReached", retryAfter, null));
    }

    /// <summary>Batch answers are shuffled with this seed (Graph answers steps in any order).</summary>
    public void ShuffleBatchesWith(int seed)
    {
        lock (_faultGate) _shuffle = new Random(seed);
    }

    private async Task Serve(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var cut = raw.IndexOf('?');
        var path = Uri.UnescapeDataString(cut < 0 ? raw : raw[..cut]);
        var query = cut < 0 ? "" : raw[cut..];
        Interlocked.Increment(ref _requestCount);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, _time);
        if (path.EndsWith("/checkMemberGroups", StringComparison.OrdinalIgnoreCase) || path.Contains("/transitiveMembers", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _directoryLookups);
            var wait = DirectoryDelay;
            if (wait != TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        GraphReply reply;
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (path.StartsWith("/download/", StringComparison.Ordinal))
        {
            // Pre-authenticated download URLs, as @microsoft.graph.downloadUrl: no token needed.
            lock (_gate) reply = Download(path["/download/".Length..]);
        }
        else if (path.StartsWith("/upload/", StringComparison.Ordinal))
        {
            // Upload session URLs are pre-authenticated too; faults and throttling still apply.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            reply = Fragment(context.Request.Method, path["/upload/".Length..], context.Request.Headers["Content-Range"].ToString(), buffer.ToArray());
        }
        else if (!path.StartsWith("/v1.0/", StringComparison.Ordinal))
        {
            reply = Error(404, "itemNotFound", $"No Graph version segment in '{path}'.");
        }
        else if (Unauthenticated(context) is { } refused)
        {
            reply = refused;
        }
        else
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var call = new GraphCall(context.Request.Method, path["/v1.0".Length..], path + query, GraphCall.ParseQuery(query), headers, buffer.ToArray(), false);
            reply = call.Path == "/$batch" && call.Method == "POST" ? Batch(call, userAgent) : Step(call);
        }

        _requests.Enqueue(new GraphRequestRecord(context.Request.Method, path + query, reply.Status, userAgent.Length == 0 ? null : userAgent, false, _time.GetUtcNow(), headers));
        await Write(context, reply);
    }

    private GraphReply? Unauthenticated(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (token.Length == 0) return Error(401, "InvalidAuthenticationToken", "Access token is empty.");
        var issued = _tokens(token);
        if (issued is null) return Error(401, "InvalidAuthenticationToken", "Access token validation failure.");
        if (issued.Audience is not (GraphAudience or "00000003-0000-0000-c000-000000000000"))
            return Error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        // Users and groups are the directory's, not a site's: checkMemberGroups takes one of these application
        // permissions (Graph's permissions reference for directoryObject: checkMemberGroups), whatever the site grants.
        // Installing apps for users takes its own permission (Graph's permissions reference for userTeamwork: Add app).
        if (context.Request.Path.StartsWithSegments("/v1.0/users") && context.Request.Path.Value!.EndsWith("/teamwork/installedApps", StringComparison.OrdinalIgnoreCase))
            return issued.Roles.Any(r => r is "TeamsAppInstallation.ReadWriteForUser.All" or "TeamsAppInstallation.ReadWriteSelfForUser.All")
                ? null
                : Error(403, "Forbidden", "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All'.");
        // Reading users themselves takes a user permission (Graph's permissions reference for user: list, get).
        if (context.Request.Path.StartsWithSegments("/v1.0/users") && context.Request.Method == "GET")
            return issued.Roles.Any(r => r is "User.ReadBasic.All" or "User.Read.All" or "Directory.Read.All")
                ? null
                : Error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        if (context.Request.Path.StartsWithSegments("/v1.0/users"))
            return issued.Roles.Any(r => r is "GroupMember.Read.All" or "Group.Read.All" or "Directory.Read.All" or "User.Read.All")
                ? null
                : Error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        // A group's transitiveMembers: GroupMember.Read.All or a wider directory or group permission.
        if (context.Request.Path.StartsWithSegments("/v1.0/groups"))
            return issued.Roles.Any(r => r is "GroupMember.Read.All" or "Group.Read.All" or "Directory.Read.All" or "GroupMember.ReadWrite.All" or "Group.ReadWrite.All")
                ? null
                : Error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        if (issued.Roles.Any(r => r is "Sites.ReadWrite.All" or "Sites.Manage.All" or "Sites.FullControl.All")) return null;
        if (!issued.Roles.Contains("Sites.Selected"))
            return Error(403, "accessDenied", "Either scp or roles claim need to be present in the token.");
        if (!_siteGrants.ContainsKey(issued.ClientId)) return Error(403, "accessDenied", "Access denied");
        return null;
    }

    /// <summary>One unit of work, a wire request or a batch step: faults and throttling first, then the resource.</summary>
    private GraphReply Step(GraphCall call)
    {
        if (call.IsBatchStep) Interlocked.Increment(ref _stepCount);
        if (TakeFault(call.IsBatchStep) is { } fault)
        {
            if (fault.Status is 429 or 503) Interlocked.Increment(ref _throttled);
            var faulted = Error(fault.Status, fault.Code, fault.Message ?? DefaultMessage(fault.Status));
            if (fault.RetryAfter is { } wait) faulted.WithHeader("Retry-After", ((int)Math.Ceiling(wait.TotalSeconds)).ToString());
            return faulted;
        }
        GraphReply reply;
        try
        {
            lock (_gate) reply = Route(call);
        }
        catch (GraphException e)
        {
            reply = Error(e.Status, e.Code, e.Message);
        }
        catch (DeltaExpiredException e)
        {
            reply = Error(410, "resyncChangesApplyDifferences", e.Message).WithHeader("Location", e.Restart);
        }
        catch (System.Text.Json.JsonException e)
        {
            reply = Error(400, "invalidRequest", "Invalid request body: " + e.Message);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException or InvalidOperationException)
        {
            // Malformed tokens and bodies the handlers did not foresee: answered as Graph answers what it cannot handle.
            reply = Error(500, "generalException", e.Message);
        }
        if (reply.Status < 400) Interlocked.Add(ref _resourceUnits, Cost(call));
        return reply;
    }

    private static int Cost(GraphCall call)
    {
        if (call.Method != "GET") return 2;
        var path = call.Path.TrimEnd('/');
        if (path.EndsWith("/delta", StringComparison.Ordinal) || path.EndsWith("/delta()", StringComparison.Ordinal))
            return call.Query.ContainsKey("token") || call.Query.ContainsKey("deltatoken") ? 1 : 2;
        return path.EndsWith("/items", StringComparison.Ordinal) || path.EndsWith("/children", StringComparison.Ordinal)
            || path.EndsWith("/lists", StringComparison.Ordinal) ? 2 : 1;
    }

    private Fault? TakeFault(bool batchStep)
    {
        if (batchStep && _nextStepFaults.TryDequeue(out var step)) return step;
        if (_nextFaults.TryDequeue(out var next)) return next;
        lock (_faultGate)
        {
            if (_throttleEvery <= 0 || ++_throttleTick % _throttleEvery != 0) return null;
            return new Fault(429, "activityLimitReached", TimeSpan.FromSeconds(_throttleRetryAfter), null);
        }
    }

    private static string DefaultMessage(int status) => status switch
    {
        429 => "The request has been throttled.",
        503 => "The service is temporarily unavailable.",
        _ => $"{status} from the loopback Graph.",
    };

    private GraphReply Error(int status, string code, string message)
    {
        var requestId = Guid.NewGuid().ToString();
        return new GraphReply(status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = new JsonObject
                {
                    ["date"] = Stamp(_time.GetUtcNow()),
                    ["request-id"] = requestId,
                    ["client-request-id"] = requestId,
                },
            },
        });
    }

    private static async Task Write(HttpContext context, GraphReply reply)
    {
        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers) context.Response.Headers[name] = value;
        context.Response.Headers["request-id"] = Guid.NewGuid().ToString();
        if (reply.Json is { } json)
        {
            context.Response.ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
            await context.Response.WriteAsync(json.ToJsonString());
        }
        else if (reply.Content is { } bytes)
        {
            context.Response.ContentType = reply.ContentType ?? "application/octet-stream";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        }
    }

    internal static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Fault(int Status, string Code, TimeSpan? RetryAfter, string? Message);

    public async ValueTask DisposeAsync()
    {
        using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(quickly.Token);
        await _app.DisposeAsync();
    }
}
