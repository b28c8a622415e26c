using System.ComponentModel;

namespace CommPlan.Host.Features.ApiDescription;

// The problem bodies the API answers with (RFC 7807, written by ProblemMapper and the status code pages), as types
// only so that the OpenAPI document can describe them; nothing serializes them. Title and detail are in the
// reader's language (Accept-Language), so clients decide by status, field names and codes, never by text.

[Description("An RFC 7807 problem: what went wrong, in the reader's language.")]
public record Problem(
    [property: Description("A URI naming the problem type (the status code's RFC section).")] string? Type,
    [property: Description("A short summary, in the reader's language.")] string Title,
    [property: Description("The HTTP status code.")] int Status,
    [property: Description("What went wrong here, in the reader's language.")] string? Detail,
    [property: Description("The request's trace id, for the administrator's log.")] string? TraceId);

[Description("400 (and 413/415): every bad field by name, each with its messages (reader's language) and stable codes.")]
public sealed record ValidationProblem(
    string? Type, string Title, int Status, string? Detail, string? TraceId,
    [property: Description("Per field (\"period.from\", \"channels[1]\", \"$\" for the whole body): the messages, in the reader's language.")]
    IReadOnlyDictionary<string, string[]> Errors,
    [property: Description("Per field: stable codes (required, unparseable, out_of_range, too_long, unknown_field, duplicate_key, malformed_json, invalid_json_value, …).")]
    IReadOnlyDictionary<string, string[]>? Codes)
    : Problem(Type, Title, Status, Detail, TraceId);

[Description("403: the access policy refuses this operation to the caller; nothing was changed.")]
public sealed record AccessProblem(
    string? Type, string Title, int Status, string? Detail, string? TraceId,
    [property: Description("Why, stable (the access policy's refusal reason).")] string Reason,
    [property: Description("The operation refused, stable.")] string Operation)
    : Problem(Type, Title, Status, Detail, TraceId);

[Description("412: someone else changed the resource since it was read. Read it again (or use currentETag) and retry.")]
public sealed record ConcurrencyProblem(
    string? Type, string Title, int Status, string? Detail, string? TraceId,
    [property: Description("The resource's current version, as its ETag says it.")] string CurrentETag)
    : Problem(Type, Title, Status, Detail, TraceId);

[Description("503: a service the app depends on is unavailable or asks it to wait; nothing was changed. Retry after retryAfter seconds.")]
public sealed record UnavailableProblem(
    string? Type, string Title, int Status, string? Detail, string? TraceId,
    [property: Description("Seconds to wait before trying again; the Retry-After header says the same.")] int RetryAfter)
    : Problem(Type, Title, Status, Detail, TraceId);
