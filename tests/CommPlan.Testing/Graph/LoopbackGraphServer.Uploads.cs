using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommPlan.Testing.Graph;

// Upload sessions for large files: fragments in order, each a multiple of 320 KiB except the last, under 60 MiB.
public sealed partial class LoopbackGraphServer
{
    private const int FragmentUnit = 320 * 1024;
    private const int MaxFragment = 60 * 1024 * 1024;
    private static readonly Regex ContentRange = new(@"^bytes (?<from>\d+)-(?<to>\d+)/(?<total>\d+)$", RegexOptions.Compiled);
    private readonly Dictionary<string, UploadSession> _sessions = [];

    /// <summary>Upload sessions started and not yet finished or cancelled.</summary>
    public int OpenUploadSessions
    {
        get
        {
            lock (_gate) return _sessions.Count;
        }
    }

    private GraphReply CreateUploadSession(DriveState drive, string name, GraphCall call)
    {
        var body = call.Body.Length == 0 ? [] : call.JsonBody();
        var conflict = (string?)body["item"]?["@microsoft.graph.conflictBehavior"] ?? "replace";
        if (conflict == "fail" && FileByName(drive, name) is not null)
            throw new GraphException(409, "nameAlreadyExists", "The specified item name already exists.");
        var id = Guid.NewGuid().ToString("N");
        var expires = _time.GetUtcNow().AddDays(1);
        _sessions[id] = new UploadSession(drive, name, conflict, call.Header("If-Match"), expires);
        return new GraphReply(200, new JsonObject
        {
            ["uploadUrl"] = $"{BaseUrl}/upload/{id}",
            ["expirationDateTime"] = Stamp(expires),
            ["nextExpectedRanges"] = new JsonArray("0-"),
        });
    }

    private GraphReply Fragment(string method, string sessionId, string contentRange, byte[] bytes)
    {
        if (TakeFault(batchStep: false) is { } fault)
        {
            if (fault.Status is 429 or 503) Interlocked.Increment(ref _throttled);
            var faulted = Error(fault.Status, fault.Code, fault.Message ?? DefaultMessage(fault.Status));
            if (fault.RetryAfter is { } wait) faulted.WithHeader("Retry-After", ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
            return faulted;
        }
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session))
                return Error(404, "itemNotFound", "The upload session does not exist or has expired.");
            switch (method)
            {
                case "DELETE":
                    _sessions.Remove(sessionId);
                    return new GraphReply(204);
                case "GET":
                    return new GraphReply(200, SessionJson(session));
                case "PUT":
                    break;
                default:
                    return Error(405, "invalidRequest", "Upload sessions take PUT, GET and DELETE.");
            }

            var range = ContentRange.Match(contentRange);
            if (!range.Success) return Error(400, "invalidRequest", "A fragment needs a Content-Range header: bytes {from}-{to}/{total}.");
            var from = long.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture);
            var to = long.Parse(range.Groups["to"].Value, CultureInfo.InvariantCulture);
            var total = long.Parse(range.Groups["total"].Value, CultureInfo.InvariantCulture);
            if (to - from + 1 != bytes.Length) return Error(400, "invalidRequest", "The Content-Range does not match the fragment's length.");
            if (from != session.Received.Length) return Error(416, "invalidRange", $"The next expected range starts at {session.Received.Length}.");
            if (bytes.Length > MaxFragment) return Error(413, "invalidRequest", "A fragment must be smaller than 60 MiB.");
            var last = to + 1 == total;
            if (!last && bytes.Length % FragmentUnit != 0)
                return Error(400, "invalidRequest", "A fragment other than the last must be a multiple of 320 KiB.");
            session.Received.Write(bytes);
            if (!last) return new GraphReply(202, SessionJson(session));

            _sessions.Remove(sessionId);
            try
            {
                return Store(session.Drive, session.Name, session.Received.ToArray(), MimeType(session.Name), session.Conflict, session.IfMatch);
            }
            catch (GraphException e)
            {
                return Error(e.Status, e.Code, e.Message);
            }
        }
    }

    private static JsonObject SessionJson(UploadSession session) => new()
    {
        ["expirationDateTime"] = Stamp(session.Expires),
        ["nextExpectedRanges"] = new JsonArray($"{session.Received.Length}-"),
    };

    private sealed record UploadSession(DriveState Drive, string Name, string Conflict, string? IfMatch, DateTimeOffset Expires)
    {
        public MemoryStream Received { get; } = new();
    }
}
