using System.Net;
using System.Text.Json;

namespace CommPlan.Teams.Connector;

/// <summary>
/// The Bot Connector refused a request. <see cref="Code"/> is the error code of the body and <see cref="SubCode"/>
/// the Teams sub code (MessageWritesBlocked), wherever in the documented body shapes it was found.
/// </summary>
public sealed class ConnectorException(
    HttpStatusCode statusCode, string? code, string? subCode, string? errorMessage, TimeSpan? retryAfter, string? body, string operation)
    : Exception(Describe(statusCode, code, subCode, errorMessage, operation))
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string? Code { get; } = code;
    public string? SubCode { get; } = subCode;
    public string? ErrorMessage { get; } = errorMessage;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public string? Body { get; } = body;

    /// <summary>True when <paramref name="value"/> is the code or the sub code.</summary>
    public bool Is(string value) =>
        string.Equals(Code, value, StringComparison.OrdinalIgnoreCase) || string.Equals(SubCode, value, StringComparison.OrdinalIgnoreCase);

    private static string Describe(HttpStatusCode status, string? code, string? subCode, string? message, string operation) =>
        $"{operation} failed with {(int)status} {status}" +
        (code is null ? "" : $", code {code}") + (subCode is null ? "" : $", sub code {subCode}") +
        (string.IsNullOrWhiteSpace(message) ? "" : $": {message}");

    /// <summary>Reads the error body in the shapes the Bot Connector and Teams use.</summary>
    internal static (string? Code, string? SubCode, string? Message) ParseBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return (null, null, null);
        string? code = null, subCode = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // Bot Framework: {"error":{"code","message","innerHttpError":{"statusCode","body"}}}
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = Text(error, "code");
                    message = Text(error, "message");
                }
                // Teams, as documented for a blocked bot: {"errorCode":209,"message":"{\"subCode\":\"MessageWritesBlocked\",...}"}
                if (root.TryGetProperty("errorCode", out var errorCode) && code is null)
                    code = errorCode.ValueKind == JsonValueKind.Number ? errorCode.GetRawText() : errorCode.GetString();
                message ??= Text(root, "message");
                code ??= Text(root, "code");
                subCode = FindSubCode(root, depth: 0);
            }
        }
        catch (JsonException)
        {
            message = body.Length > 500 ? body[..500] : body;
        }
        // The nesting of the sub code varies between services; the known value is decisive wherever it appears.
        if (subCode is null && body.Contains(SubCodes.MessageWritesBlocked, StringComparison.OrdinalIgnoreCase))
            subCode = SubCodes.MessageWritesBlocked;
        return (code, subCode, message);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? FindSubCode(JsonElement e, int depth)
    {
        if (depth > 6) return null;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.NameEquals("subCode") && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
                }
                foreach (var p in e.EnumerateObject())
                {
                    if (FindSubCode(p.Value, depth + 1) is { } found) return found;
                }
                return null;
            case JsonValueKind.String:
                // Teams puts a JSON document inside the message string.
                var s = e.GetString();
                if (s is null || !s.TrimStart().StartsWith('{')) return null;
                try
                {
                    using var inner = JsonDocument.Parse(s);
                    return FindSubCode(inner.RootElement, depth + 1);
                }
                catch (JsonException)
                {
                    return null;
                }
            default:
                return null;
        }
    }
}

/// <summary>The error codes and sub codes by which Teams says a conversation cannot be written to any more.</summary>
public static class SubCodes
{
    public const string MessageWritesBlocked = "MessageWritesBlocked";
    public const string ConversationBlockedByUser = "ConversationBlockedByUser";
    public const string BotNotInConversationRoster = "BotNotInConversationRoster";
    public const string BotDisabledByAdmin = "BotDisabledByAdmin";
    public const string ConversationNotFound = "ConversationNotFound";
}
