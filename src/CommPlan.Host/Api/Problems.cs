using CommPlan.Application;
using CommPlan.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Api;

/// <summary>
/// Turns what the use cases and the body reader throw into RFC 7807 problem details, with every bad field named
/// and its message in the reader's language. Anything else stays a 500 without internals.
/// </summary>
public sealed class ProblemMapper(IStringLocalizer<Text> text, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            DomainValidationException e => Validation(StatusCodes.Status400BadRequest, "Problem_validation", null, e.Errors),
            BadBodyException e => Validation(e.StatusCode, e.TitleKey, e.TitleArg, e.Errors),
            NotFoundException e => Simple(StatusCodes.Status404NotFound, "Problem_not_found", e.What),
            ConcurrencyConflictException e => WithETag(Simple(StatusCodes.Status412PreconditionFailed, "Problem_conflict", e.What), e.CurrentETag),
            PreconditionRequiredException e => Simple(StatusCodes.Status428PreconditionRequired, "Problem_precondition_required", e.What),
            DuplicateException e => Simple(StatusCodes.Status409Conflict, "Problem_duplicate", e.What),
            BadHttpRequestException e => Simple(e.StatusCode, "Problem_validation", e.Message),
            SharePointBusyException e => Busy(http, e),
            _ => null,
        };
        if (problem is null) return false;
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public ValidationProblemDetails Validation(int status, string titleKey, object? titleArg, IReadOnlyList<FieldError> errors)
    {
        var problem = new ValidationProblemDetails(errors.GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(Message).ToArray()))
        {
            Status = status,
            Title = text[titleKey, titleArg ?? ""],
        };
        if (errors.Count > 0)
            problem.Extensions["codes"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        return problem;
    }

    private string Message(FieldError e)
    {
        var localized = text["Error_" + e.Code, e.Limit ?? ""];
        return localized.ResourceNotFound ? e.Code : localized.Value;
    }

    private ProblemDetails Simple(int status, string titleKey, string detail) =>
        new() { Status = status, Title = text[titleKey], Detail = detail };

    /// <summary>503 with Retry-After: the tab (or any client) can say when to try again, and knows nothing was changed.</summary>
    private ProblemDetails Busy(HttpContext http, SharePointBusyException e)
    {
        http.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = text["Problem_busy"],
            Detail = text["Problem_busy_detail", e.RetryAfterSeconds],
        };
        problem.Extensions["retryAfter"] = e.RetryAfterSeconds;
        return problem;
    }

    private static ProblemDetails WithETag(ProblemDetails p, string etag)
    {
        p.Extensions["currentETag"] = etag;
        return p;
    }
}
