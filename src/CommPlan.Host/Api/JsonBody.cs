using System.Text.Json;
using System.Text.RegularExpressions;
using CommPlan.Domain.Common;

namespace CommPlan.Host.Api;

/// <summary>Thrown when a request body cannot become the expected input; mapped to 400/413/415 problems.</summary>
public sealed class BadBodyException(int statusCode, IReadOnlyList<FieldError> errors, string titleKey, object? titleArg = null)
    : Exception(titleKey)
{
    public int StatusCode { get; } = statusCode;
    public IReadOnlyList<FieldError> Errors { get; } = errors;
    public string TitleKey { get; } = titleKey;
    public object? TitleArg { get; } = titleArg;
}

/// <summary>
/// Reads a JSON body strictly and says exactly what is wrong: which field is unknown or holds a bad value, or that
/// the body is not JSON, too large or not JSON at all. Nothing reaches a use case unless this succeeds.
/// </summary>
public static partial class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static Task<T> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class =>
        ReadAsync<T>(request, ApiJson.Options, MaxBytes, ct);

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, int maxBytes, CancellationToken ct) where T : class
    {
        if (!IsJson(request.ContentType))
            throw new BadBodyException(StatusCodes.Status415UnsupportedMediaType, [], "Problem_unsupported_media");
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes);

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }

        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        string? duplicate;
        try
        {
            duplicate = FirstDuplicateKey(json, options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            throw Invalid("$", "malformed_json");
        }
        if (duplicate is not null) throw Invalid(duplicate, "duplicate_key");

        try
        {
            return JsonSerializer.Deserialize<T>(json, options)
                ?? throw Invalid("$", ErrorCodes.Required);
        }
        catch (JsonException e)
        {
            // The reader's own errors (broken syntax) arrive wrapped; the serializer's (shape, value) do not.
            if (e.InnerException is JsonException) throw Invalid("$", "malformed_json");
            var unknown = UnknownMember().Match(e.Message);
            if (unknown.Success) throw Invalid(e.Path is null ? unknown.Groups[1].Value : FieldName(e.Path), "unknown_field");
            // A value of the wrong shape (a date that does not exist, text for a number) names its field.
            throw Invalid(e.Path is null ? "$" : FieldName(e.Path), "invalid_json_value");
        }
    }

    /// <summary>
    /// application/json or a structured "+json" type (application/problem+json, application/vnd.x+json), with
    /// parameters; a charset, if given, must be UTF-8, the only encoding JSON is read in. "application/jsonx" is not JSON.
    /// </summary>
    public static bool IsJson(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var type = media.MediaType;
        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                && type.Length > "application/+json".Length);
        var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(media.Charset);
        return json && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The first key that appears twice in one object, as a field path ("owner.displayName"), or null. The serializer
    /// would silently keep the last one, so two parts of a system could read different values from the same body.
    /// </summary>
    public static string? FirstDuplicateKey(ReadOnlySpan<byte> json, StringComparer keys)
    {
        var reader = new Utf8JsonReader(json);
        var frames = new Stack<Frame>();
        while (reader.Read())
        {
            var parent = frames.Count > 0 ? frames.Peek() : null;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    if (!parent!.Keys!.Add(name)) return Join(parent.Path, name);
                    parent.Property = name;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    frames.Push(new Frame(ChildPath(parent), reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(keys) : null));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    if (parent is { Keys: null }) parent.Index++;
                    break;
            }
        }
        return null;
    }

    private static string ChildPath(Frame? parent)
    {
        if (parent is null) return "";
        if (parent.Keys is null) return $"{parent.Path}[{++parent.Index}]";
        return Join(parent.Path, parent.Property!);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>An object (with the keys seen so far) or an array (with the index of its last element).</summary>
    private sealed class Frame(string path, HashSet<string>? keys)
    {
        public string Path { get; } = path;
        public HashSet<string>? Keys { get; } = keys;
        public string? Property { get; set; }
        public int Index { get; set; } = -1;
    }

    private static BadBodyException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, [], "Problem_too_large", maxBytes);

    private static BadBodyException Invalid(string field, string code) =>
        new(StatusCodes.Status400BadRequest, [new FieldError(field, code)], "Problem_validation");

    /// <summary>"$.period.from" → "period.from"; "$.channels[1]" → "channels[1]".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path == "$" ? "$" : path.TrimStart('$');

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();
}
