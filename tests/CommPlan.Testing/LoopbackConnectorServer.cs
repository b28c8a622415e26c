using System.Collections.Concurrent;
using System.Text.Json;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommPlan.Testing;

/// <summary>An activity the server accepted, in arrival order within its conversation.</summary>
public sealed record ReceivedActivity(string ActivityId, string ConversationId, Activity Activity, DateTimeOffset ReceivedAt)
{
    public int Version { get; internal set; } = 1;
    public bool Deleted { get; internal set; }
    public string? Text => Activity.Text;
}

/// <summary>Every request that reached a conversation, with the status it was answered with.</summary>
public sealed record ConnectorAttempt(string ConversationId, string Method, int Status, DateTimeOffset At, string? Text);

/// <summary>How a request that reached the server framed its body: the Content-Length it declared and its Transfer-Encoding.</summary>
public sealed record ConnectorRequest(string Method, string Path, long? ContentLength, string? TransferEncoding);

/// <summary>
/// Stands in for the Bot Connector on loopback (plain HTTP, as the Agents Playground): the v3 conversation API with
/// the documented JSON, the documented Teams rate limits counted here on their own (429 when exceeded; Teams only
/// says "back off", so these carry no Retry-After), an optional bearer token check, and faults on demand. Records
/// every accepted activity per conversation in arrival order, and the arrival time of every send.
/// </summary>
public sealed class LoopbackConnectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConnectorRateWindows _windows;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, List<ReceivedActivity>> _received = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _nextFaults = new();
    private readonly ConcurrentDictionary<string, Fault> _standingFaults = new();
    private readonly ConcurrentDictionary<string, int> _dropAfterRecording = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReceivedActivity>> _holds = new();
    private readonly ConcurrentDictionary<string, List<TeamsChannelAccount>> _members = new();
    private int _memberReads;
    private readonly ConcurrentQueue<ConnectorAttempt> _attempts = new();
    private readonly ConcurrentQueue<ConversationParameters> _created = new();
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly object _randomGate = new();
    private Random? _random;
    private double _throttleRatio, _unavailableRatio;
    private TimeSpan? _randomRetryAfter = TimeSpan.FromSeconds(1);
    private long _nextActivityId = 1_700_000_000_000;
    private int _limitThrottles, _injectedThrottles, _injectedUnavailable, _accepted, _dropped;

    private LoopbackConnectorServer(WebApplication app, ConnectorLimits limits, TimeProvider time)
    {
        _app = app;
        _time = time;
        _windows = new ConnectorRateWindows(limits);
    }

    /// <summary>The service URL to store for conversations on this server (ends with a slash, as Teams sends it).</summary>
    public string ServiceUrl { get; private set; } = "";

    /// <summary>When set, every request needs "Authorization: Bearer t" with a token this accepts.</summary>
    public Func<string, bool>? AcceptToken { get; set; }

    /// <summary>Bearer tokens seen, in order (null for a request without one).</summary>
    public ConcurrentQueue<string?> Tokens { get; } = new();

    /// <summary>Delay added to every answer.</summary>
    public TimeSpan Delay { get; set; }

    public int Accepted => _accepted;

    /// <summary>How many single-member reads (GET members/{id}) arrived.</summary>
    public int MemberReads => _memberReads;
    /// <summary>429s answered because a documented limit was exceeded.</summary>
    public int LimitThrottles => _limitThrottles;

    /// <summary>The limits this server enforces.</summary>
    public ConnectorLimits Limits => _windows.Limits;

    /// <summary>
    /// The most sends that arrived within any one span of <paramref name="window"/>, for the app as a whole or for one
    /// conversation, whatever they were answered with: what Teams measures.
    /// </summary>
    public int BusiestWindow(TimeSpan window, string? conversationId = null) => _windows.BusiestWindow(window, conversationId);

    /// <summary>
    /// Every documented limit that the arrivals exceeded, as "limit: busiest window" lines; empty when the client kept
    /// to all of them.
    /// </summary>
    public IReadOnlyList<string> LimitBreaches()
    {
        var breaches = new List<string>();
        foreach (var limit in Limits.Global)
        {
            var busiest = BusiestWindow(limit.Window);
            if (busiest > limit.Count) breaches.Add($"app: {busiest} in {limit.Window.TotalSeconds} s (limit {limit.Count})");
        }
        foreach (var conversation in _windows.Conversations())
        foreach (var limit in Limits.PerConversation)
        {
            var busiest = BusiestWindow(limit.Window, conversation);
            if (busiest > limit.Count) breaches.Add($"{conversation}: {busiest} in {limit.Window.TotalSeconds} s (limit {limit.Count})");
        }
        return breaches;
    }
    public int InjectedThrottles => _injectedThrottles;
    public int InjectedUnavailable => _injectedUnavailable;
    /// <summary>Requests recorded and then answered by dropping the connection.</summary>
    public int Dropped => _dropped;
    public IReadOnlyCollection<ConnectorAttempt> Attempts => _attempts.ToArray();
    public IReadOnlyCollection<ConversationParameters> CreatedConversations => _created.ToArray();
    /// <summary>Every request that arrived, refused or not, in arrival order.</summary>
    public IReadOnlyCollection<ConnectorRequest> Requests => _requests.ToArray();

    /// <param name="port">A fixed port, e.g. to come back on the port of a server stopped earlier (an outage); 0 for any free one.</param>
    public static async Task<LoopbackConnectorServer> StartAsync(ConnectorLimits? limits = null, TimeProvider? time = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackConnectorServer(app, limits ?? ConnectorLimits.Documented, time ?? TimeProvider.System);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpContext c) => server.Post(conversationId, null, c));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext c) => server.Post(conversationId, activityId, c));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext c) => server.Put(conversationId, activityId, c));
        app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext c) => server.Delete(conversationId, activityId, c));
        app.MapPost("/v3/conversations", (Func<HttpContext, Task<IResult>>)server.Create);
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", server.Members);
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", server.Member);
        await app.StartAsync();
        server.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return server;
    }

    /// <summary>The activities accepted in a conversation, in arrival order (deleted ones included, flagged).</summary>
    public IReadOnlyList<ReceivedActivity> Received(string conversationId)
    {
        if (!_received.TryGetValue(conversationId, out var list)) return [];
        lock (list) return list.ToArray();
    }

    public IReadOnlyDictionary<string, IReadOnlyList<ReceivedActivity>> AllReceived() =>
        _received.Keys.ToDictionary(k => k, k => Received(k));

    /// <summary>The next request to the conversation is answered with this status and error (code and/or sub code).</summary>
    public void FailNext(string conversationId, int status, string? code = null, string? subCode = null, TimeSpan? retryAfter = null) =>
        _nextFaults.GetOrAdd(conversationId, _ => new ConcurrentQueue<Fault>()).Enqueue(new Fault(status, code, subCode, retryAfter));

    /// <summary>
    /// The next request to the conversation is answered with this status and a body that is not JSON (as a gateway or
    /// proxy in front of the service answers), e.g. 502 with an HTML page.
    /// </summary>
    public void FailNextWithoutJson(string conversationId, int status, string body = "<html><body><h1>Bad Gateway</h1></body></html>") =>
        _nextFaults.GetOrAdd(conversationId, _ => new ConcurrentQueue<Fault>()).Enqueue(new Fault(status, null, null, null, body));

    /// <summary>
    /// The bot was removed from the conversation (the team or chat it was installed in): every request answers 403
    /// BotNotInConversationRoster.
    /// </summary>
    public void RemoveBot(string conversationId) =>
        _standingFaults[conversationId] = new Fault(403, SubCodes.BotNotInConversationRoster, null, null);

    /// <summary>The user blocked the bot: every request answers 403 MessageWritesBlocked, in the body Teams documents.</summary>
    public void Block(string conversationId) => _standingFaults[conversationId] = new Fault(403, null, SubCodes.MessageWritesBlocked, null);

    /// <summary>The conversation is gone: every request answers 404 ConversationNotFound.</summary>
    public void Remove(string conversationId) => _standingFaults[conversationId] = new Fault(404, SubCodes.ConversationNotFound, null, null);

    /// <summary>The next <paramref name="count"/> activities to the conversation are recorded, then the connection is dropped.</summary>
    public void DropAfterRecording(string conversationId, int count = 1) => _dropAfterRecording[conversationId] = count;

    /// <summary>
    /// The next activity to the conversation is recorded and then never answered: the request stays open until the
    /// client gives up or goes away. The task completes when it was recorded.
    /// </summary>
    public Task<ReceivedActivity> HoldAfterRecording(string conversationId) =>
        _holds.GetOrAdd(conversationId, _ => new TaskCompletionSource<ReceivedActivity>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Answers a share of requests with 429 (with Retry-After unless null) or 503, chosen at random from a seed.</summary>
    public void InjectRandomFaults(double throttleRatio, double unavailableRatio, TimeSpan? retryAfter, int seed = 7)
    {
        lock (_randomGate)
        {
            _random = new Random(seed);
            _throttleRatio = throttleRatio;
            _unavailableRatio = unavailableRatio;
            _randomRetryAfter = retryAfter;
        }
    }

    public void AddMembers(string conversationId, IEnumerable<TeamsChannelAccount> members) =>
        _members.GetOrAdd(conversationId, _ => []).AddRange(members);

    private async Task<IResult> Post(string conversationId, string? replyToId, HttpContext context)
    {
        if (await Refuse(conversationId, context) is { } refused) return refused;
        var activity = await Read(context);
        var id = Interlocked.Increment(ref _nextActivityId).ToString();
        var received = new ReceivedActivity(id, conversationId, activity with { Id = id, ReplyToId = replyToId ?? activity.ReplyToId }, _time.GetUtcNow());
        var list = _received.GetOrAdd(conversationId, _ => []);
        lock (list) list.Add(received);
        Interlocked.Increment(ref _accepted);
        Attempt(conversationId, context, 201, activity.Text);
        if (_holds.TryGetValue(conversationId, out var hold) && hold.TrySetResult(received))
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return Results.Empty;
        }
        if (ShouldDrop(conversationId))
        {
            Interlocked.Increment(ref _dropped);
            context.Abort();
            return Results.Empty;
        }
        return Results.Json(new ResourceResponse(id), ProtocolJson.Options, statusCode: 201);
    }

    private async Task<IResult> Put(string conversationId, string activityId, HttpContext context)
    {
        if (await Refuse(conversationId, context) is { } refused) return refused;
        var activity = await Read(context);
        var list = _received.GetOrAdd(conversationId, _ => []);
        lock (list)
        {
            var index = list.FindLastIndex(a => a.ActivityId == activityId && !a.Deleted);
            if (index < 0) return Error(context, conversationId, 404, "ActivityNotFound", null, null, "Unknown activity");
            var version = list[index].Version + 1;
            list[index] = new ReceivedActivity(activityId, conversationId, activity with { Id = activityId }, _time.GetUtcNow()) { Version = version };
        }
        Attempt(conversationId, context, 200, activity.Text);
        return Results.Json(new ResourceResponse(activityId), ProtocolJson.Options);
    }

    private async Task<IResult> Delete(string conversationId, string activityId, HttpContext context)
    {
        if (await Refuse(conversationId, context) is { } refused) return refused;
        var list = _received.GetOrAdd(conversationId, _ => []);
        lock (list)
        {
            var found = list.FindLast(a => a.ActivityId == activityId && !a.Deleted);
            if (found is null) return Error(context, conversationId, 404, "ActivityNotFound", null, null, "Unknown activity");
            found.Deleted = true;
        }
        Attempt(conversationId, context, 200, null);
        return Results.Ok();
    }

    private async Task<IResult> Create(HttpContext context)
    {
        if (await Refuse("", context) is { } refused) return refused;
        var parameters = await context.Request.ReadFromJsonAsync<ConversationParameters>(ProtocolJson.Options)
            ?? throw new BadHttpRequestException("No body");
        if (parameters.Members is not { Count: 1 } || parameters.IsGroup == true)
            return Error(context, "", 400, "BadArgument", null, null, "Teams creates 1:1 conversations only.");
        _created.Enqueue(parameters);
        var id = "a:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(parameters.Members[0].Id + "|" + parameters.TenantId)))[..32].ToLowerInvariant();
        return Results.Json(new ConversationResourceResponse(id), ProtocolJson.Options, statusCode: 201);
    }

    private async Task<IResult> Members(string conversationId, int? pageSize, string? continuationToken, HttpContext context)
    {
        if (await Refuse(conversationId, context, countsAsSend: false) is { } refused) return refused;
        var all = _members.TryGetValue(conversationId, out var m) ? m : [];
        var start = string.IsNullOrEmpty(continuationToken) ? 0 : int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(continuationToken)));
        var size = Math.Clamp(pageSize ?? 200, 1, 500);
        var page = all.Skip(start).Take(size).ToArray();
        var next = start + page.Length < all.Count ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((start + page.Length).ToString())) : null;
        return Results.Json(new PagedMembersResult(next, page), ProtocolJson.Options);
    }

    /// <summary>GET members/{id}: the member by channel id or Entra object id; 404 MemberNotFoundInConversation otherwise.</summary>
    private async Task<IResult> Member(string conversationId, string memberId, HttpContext context)
    {
        Interlocked.Increment(ref _memberReads);
        if (await Refuse(conversationId, context, countsAsSend: false) is { } refused) return refused;
        var all = _members.TryGetValue(conversationId, out var m) ? m : [];
        var member = all.FirstOrDefault(a => a.Id == memberId || string.Equals(a.AadObjectId, memberId, StringComparison.OrdinalIgnoreCase));
        return member is null
            ? Error(context, conversationId, 404, "MemberNotFoundInConversation", null, null, "The specified member was not found in the conversation.")
            : Results.Json(member, ProtocolJson.Options);
    }

    /// <summary>Authentication, faults and rate limits, in the order the service applies them.</summary>
    private async Task<IResult?> Refuse(string conversationId, HttpContext context, bool countsAsSend = true)
    {
        var transferEncoding = context.Request.Headers.TransferEncoding;
        _requests.Enqueue(new ConnectorRequest(context.Request.Method, context.Request.Path, context.Request.ContentLength,
            transferEncoding.Count > 0 ? transferEncoding.ToString() : null));
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, _time);
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        Tokens.Enqueue(token);
        if (AcceptToken is { } accept && (token is null || !accept(token)))
            return Error(context, conversationId, 401, "Unauthorized", null, null, "Authorization has been denied for this request.");
        if (countsAsSend) _windows.Arrived(conversationId, _time.GetUtcNow());

        if (_standingFaults.TryGetValue(conversationId, out var standing)) return Error(context, conversationId, standing);
        if (_nextFaults.TryGetValue(conversationId, out var queue) && queue.TryDequeue(out var next)) return Error(context, conversationId, next);

        lock (_randomGate)
        {
            if (_random is not null)
            {
                var roll = _random.NextDouble();
                if (roll < _throttleRatio)
                {
                    Interlocked.Increment(ref _injectedThrottles);
                    return Error(context, conversationId, new Fault(429, "TooManyRequests", null, _randomRetryAfter));
                }
                if (roll < _throttleRatio + _unavailableRatio)
                {
                    Interlocked.Increment(ref _injectedUnavailable);
                    return Error(context, conversationId, new Fault(503, "ServiceUnavailable", null, null));
                }
            }
        }

        if (countsAsSend && _windows.Admit(conversationId, _time.GetUtcNow()) is not null)
        {
            // Teams documents no Retry-After for its limits: the client has to back off on its own.
            Interlocked.Increment(ref _limitThrottles);
            return Error(context, conversationId, new Fault(429, "TooManyRequests", null, null));
        }
        return null;
    }

    private IResult Error(HttpContext context, string conversationId, Fault fault)
    {
        if (fault.RawBody is null) return Error(context, conversationId, fault.Status, fault.Code, fault.SubCode, fault.RetryAfter, null);
        Attempt(conversationId, context, fault.Status, null);
        return Results.Content(fault.RawBody, "text/html", System.Text.Encoding.UTF8, fault.Status);
    }

    private IResult Error(HttpContext context, string conversationId, int status, string? code, string? subCode, TimeSpan? retryAfter, string? message)
    {
        Attempt(conversationId, context, status, null);
        if (retryAfter is { } wait) context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
        if (subCode is not null && code is null)
        {
            // The body Teams documents for a blocked bot: the sub code inside a JSON message string.
            var inner = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["subCode"] = subCode, ["details"] = "Thread is blocked from message writes.", ["errorCode"] = null, ["errorSubCode"] = null,
            });
            return Results.Json(new Dictionary<string, object> { ["errorCode"] = 209, ["message"] = inner }, statusCode: status);
        }
        return Results.Json(new ErrorResponse(new Error(code ?? "ServiceError", message ?? $"{status} from the loopback Bot Connector")),
            ProtocolJson.Options, statusCode: status);
    }

    private void Attempt(string conversationId, HttpContext context, int status, string? text) =>
        _attempts.Enqueue(new ConnectorAttempt(conversationId, context.Request.Method, status, _time.GetUtcNow(), text));

    private bool ShouldDrop(string conversationId)
    {
        while (_dropAfterRecording.TryGetValue(conversationId, out var left) && left > 0)
        {
            if (_dropAfterRecording.TryUpdate(conversationId, left - 1, left)) return true;
        }
        return false;
    }

    private static async Task<Activity> Read(HttpContext context) =>
        await context.Request.ReadFromJsonAsync<Activity>(ProtocolJson.Options) ?? throw new BadHttpRequestException("No activity in the body.");

    private sealed record Fault(int Status, string? Code, string? SubCode, TimeSpan? RetryAfter, string? RawBody = null);

    public async ValueTask DisposeAsync()
    {
        // Requests held open are cut rather than waited for.
        using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(quickly.Token);
        await _app.DisposeAsync();
    }
}
