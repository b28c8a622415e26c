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
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
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

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options)
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

    private static BadBodyException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, [], "Problem_too_large", maxBytes);

    private static BadBodyException Invalid(string field, string code) =>
        new(StatusCodes.Status400BadRequest, [new FieldError(field, code)], "Problem_validation");

    /// <summary>"$.period.from" → "period.from"; "$.channels[1]" → "channels[1]".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path == "$" ? "$" : path.TrimStart('$');

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();
}
