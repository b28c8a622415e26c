using CommPlan.Domain.PressReleases;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// A transition the release's rules refuse: 412 for a decision on a replaced version, 403 for someone else's
/// release, 409 otherwise; the release's state and version, and who decided, are named so a client can show them.
/// The feature's own exception handler, asked after the shared one, which knows nothing of press releases.
/// </summary>
public sealed class PressReleaseProblems(IStringLocalizer<Text> text, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not PressReleaseRefusedException refused) return false;
        var problem = Refused(refused);
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails Refused(PressReleaseRefusedException e)
    {
        var status = e.Reason switch
        {
            PressReleaseRefusal.StaleVersion => StatusCodes.Status412PreconditionFailed,
            PressReleaseRefusal.NotSubmitter => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        };
        var problem = new ProblemDetails { Status = status, Title = text["Problem_press_release_" + e.Reason], Detail = "Press release " + e.Current.Id };
        problem.Extensions["reason"] = e.Reason.ToString();
        problem.Extensions["state"] = e.Current.State.ToString();
        problem.Extensions["version"] = e.Current.Version;
        if (e.Current.LastDecision is { } d)
        {
            problem.Extensions["decidedBy"] = d.DecidedBy.Name;
            problem.Extensions["decidedAt"] = d.At;
        }
        return problem;
    }
}
