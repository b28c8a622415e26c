using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.PressReleases;
using CommPlan.Domain.Common;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Releases;

/// <summary>
/// /releases/{planId}/{id}: the release, its state and record, and for communicators the same decision as on the
/// card, with the same rules and the same record; every approval card links here (mobile clients without
/// Universal Actions decide here).
/// </summary>
public sealed class ReleaseModel(PressReleaseService service, IStringLocalizer<TextPressReleases> text, IStringLocalizer<Text> common) : PageModel
{
    [FromRoute(Name = "planId")]
    public Guid PlanId { get; set; }

    [FromRoute(Name = "id")]
    public Guid ReleaseId { get; set; }

    [BindProperty]
    public PressReleaseDecision? Decision { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public int Version { get; set; }

    public bool SignedIn { get; private set; }
    public PressReleaseView? View { get; private set; }
    public bool CanDecide { get; private set; }
    public string? Notice { get; private set; }
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (SignIn() is { } actor) await LoadAsync(actor, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SignIn() is not { } actor) return Page();
        try
        {
            if (Decision is { } decision)
            {
                await service.DecideAsync(actor, PlanId, ReleaseId, Version, decision, Comment, ct);
                Notice = text["Page_Done"];
            }
        }
        catch (PressReleaseRefusedException e)
        {
            Notice = e.Reason switch
            {
                PressReleaseRefusal.AlreadyDecided => AlreadyDecided(e.Current),
                PressReleaseRefusal.StaleVersion => text["Stale", e.Current.Version],
                _ => text["State_" + e.Current.State],
            };
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (DomainValidationException)
        {
            Notice = text["CommentNeeded"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (AccessDeniedException e)
        {
            Refusal = common["Denied_" + e.Reason];
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    private async Task LoadAsync(Actor actor, CancellationToken ct)
    {
        try
        {
            View = await service.GetAsync(actor, PlanId, ReleaseId, ct);
            CanDecide = await service.CanDecideAsync(actor, PlanId, ct);
        }
        catch (AccessDeniedException e)
        {
            Refusal = common["Denied_" + e.Reason];
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        catch (NotFoundException)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private string AlreadyDecided(PressRelease release) =>
        text["AlreadyDecided", release.LastDecision?.DecidedBy.Name ?? "", release.LastDecision?.At.ToString("g", System.Globalization.CultureInfo.CurrentUICulture) ?? ""];

    private Actor? SignIn()
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        return SignedIn ? ActorClaims.FromUser(User) : null;
    }
}
