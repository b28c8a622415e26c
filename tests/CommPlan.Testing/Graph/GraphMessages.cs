using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

/// <summary>One Graph request, from the wire or from a step of a batch. Query keys are lower case without the '$'.</summary>
internal sealed record GraphCall(
    string Method,
    string Path,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    bool IsBatchStep)
{
    public string? QueryValue(string key) => Query.TryGetValue(key, out var value) ? value : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonObject JsonBody() =>
        Body.Length == 0 ? throw new GraphException(400, "invalidRequest", "A request body is required.")
        : JsonNode.Parse(Body) as JsonObject ?? throw new GraphException(400, "invalidRequest", "The request body must be a JSON object.");

    public static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query))
            result[key.TrimStart('$').ToLowerInvariant()] = values.ToString();
        return result;
    }
}

/// <summary>An answer to a <see cref="GraphCall"/>: JSON, bytes, or nothing.</summary>
internal sealed record GraphReply(int Status, JsonNode? Json = null, byte[]? Content = null, string? ContentType = null)
{
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public GraphReply WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }
}

/// <summary>Thrown inside a handler to answer with Graph's error body.</summary>
internal sealed class GraphException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>A request the server answered: a wire request or a step of a batch.</summary>
public sealed record GraphRequestRecord(
    string Method, string PathAndQuery, int Status, string? UserAgent, bool IsBatchStep, DateTimeOffset At, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A request header (for a batch step, the step's own headers), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A column as a test sees it.</summary>
public sealed record GraphColumnView(string Name, string? Type, bool Indexed, bool Required, JsonObject Definition);

/// <summary>A list item as a test sees it: the fields a client wrote, and its version.</summary>
public sealed record GraphItemView(string Id, string ETag, int Version, JsonObject Fields);

/// <summary>A file in a document library as a test sees it.</summary>
public sealed record GraphFileView(string Id, string Name, byte[] Content, int VersionCount, JsonObject Fields);
