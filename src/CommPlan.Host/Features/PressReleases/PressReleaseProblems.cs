using CommPlan.Domain.PressReleases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// A transition the release's rules refuse: 412 for a decision on a replaced version, 403 for someone else's
/// release, 409 otherwise; the release's state and version, and who decided, are named so a client can show them.
/// </summary>
public static class PressReleaseProblems
{
    public static ProblemDetails Refused(IStringLocalizer<Text> text, PressReleaseRefusedException e)
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
