using CommPlan.Application;
using CommPlan.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Api;

/// <summary>
/// Turns what the use cases and the body reader throw into RFC 7807 problem details, with every bad field named
/// and its message in the reader's language. A feature's own refusals are its own handler's (registered after this
/// one); anything else stays a 500 without internals.
/// </summary>
public sealed class ProblemMapper(IStringLocalizer<Text> text, IProblemDetailsService problems, ILogger<ProblemMapper> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // A store may meet its dependency failing inside a wrapper of its own (EF's DbUpdateException): the cause decides.
        if (Cause<DependencyUnavailableException>(exception) is { } unavailable) exception = unavailable;
        var problem = exception switch
        {
            DomainValidationException e => Validation(StatusCodes.Status400BadRequest, "Problem_validation", null, e.Errors),
            BadBodyException e => Validation(e.StatusCode, e.TitleKey, e.TitleArg, e.Errors),
            NotFoundException e => Simple(StatusCodes.Status404NotFound, "Problem_not_found", e.What),
            ConcurrencyConflictException e => WithETag(Simple(StatusCodes.Status412PreconditionFailed, "Problem_conflict", e.What), e.CurrentETag),
            PreconditionRequiredException e => Simple(StatusCodes.Status428PreconditionRequired, "Problem_precondition_required", e.What),
            DuplicateException e => Simple(StatusCodes.Status409Conflict, "Problem_duplicate", e.What),
            AccessDeniedException e => Denied(e),
            BadHttpRequestException e => Simple(e.StatusCode, "Problem_validation", e.Message),
            DependencyBusyException e => Busy(http, e),
            DependencyUnavailableException e => Unavailable(http, e),
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

    /// <summary>403: the policy said no; the reason is said in the reader's language, and nothing was changed.</summary>
    private ProblemDetails Denied(AccessDeniedException e)
    {
        var problem = Simple(StatusCodes.Status403Forbidden, "Problem_forbidden", text["Denied_" + e.Reason]);
        problem.Extensions["reason"] = e.Reason.ToString();
        problem.Extensions["operation"] = e.Operation.ToString();
        return problem;
    }

    /// <summary>503 with Retry-After: the tab (or any client) can say when to try again, and knows nothing was changed.</summary>
    private ProblemDetails Busy(HttpContext http, DependencyBusyException e)
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

    /// <summary>
    /// 503 with Retry-After for a dependency that is down: users are told to come back, administrators find the
    /// reason in the log (and in /health); the reason is not shown to users.
    /// </summary>
    private ProblemDetails Unavailable(HttpContext http, DependencyUnavailableException e)
    {
        log.LogWarning("{Method} {Path} answered 503: {Dependency} is unavailable: {Reason}",
            http.Request.Method, http.Request.Path, e.Dependency, e.Message);
        http.Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = text["Problem_unavailable"],
            Detail = text["Problem_unavailable_detail", e.RetryAfterSeconds],
        };
        problem.Extensions["retryAfter"] = e.RetryAfterSeconds;
        return problem;
    }

    private static T? Cause<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }
        return null;
    }

    private static ProblemDetails WithETag(ProblemDetails p, string etag)
    {
        p.Extensions["currentETag"] = etag;
        return p;
    }
}

/// <summary>
/// Problems for a browser asking for a page (the start page, the tab): a short page in the reader's language with
/// the problem's title and detail, instead of JSON the person cannot read.
/// </summary>
public sealed class HtmlProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        // Swedish and Norwegian letters as they are, as the pages write them.
        var html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        var title = html.Encode(context.ProblemDetails.Title ?? "");
        var detail = html.Encode(context.ProblemDetails.Detail ?? "");
        var lang = html.Encode(System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        var response = context.HttpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{lang}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>{title}</title><link rel="stylesheet" href="/site.css" /></head>
            <body><main><h1>{title}</h1><p>{detail}</p></main>{CommPlan.Host.Pages.LegalLinks.Footer(html)}</body>
            </html>
            """);
    }
}
