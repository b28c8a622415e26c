using CommPlan.Application;
using CommPlan.Application.Plans;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Plans;

/// <summary>
/// /plans/{id}/edit: a communicator renames, adds and removes the plan's goals, target groups, channels and units.
/// The version read travels in the form, so that an edit made on an old copy never overwrites someone else's.
/// </summary>
public sealed class EditModel(PlanService plans, IStringLocalizer<Text> text) : PlanFormPage(plans, text)
{
    [FromRoute(Name = "id")]
    public Guid PlanId { get; set; }

    public override bool IsNew => false;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (SignIn() is not { } actor)
        {
            if (SignedIn) Refuse(RefusalReason.Unidentified);
            return;
        }
        var decision = await Plans.DecideReviseAsync(actor, PlanId, ct);
        if (!decision.Allowed) { Refuse(decision); return; }
        Input = PlanFormInput.From(await Plans.GetVersionedAsync(actor, PlanId, ct));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SignIn() is not { } actor)
        {
            if (SignedIn) Refuse(RefusalReason.Unidentified);
            return Page();
        }
        Compact();
        var (vocabulary, rowOf) = Vocabulary();
        try
        {
            await Plans.ReviseAsync(actor, PlanId, vocabulary, Input.Version, ct);
            return Redirect($"/?plan={PlanId}");
        }
        catch (DomainValidationException e)
        {
            Show(e.Errors, rowOf);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (Exception e) when (e is ConcurrencyConflictException or PreconditionRequiredException)
        {
            // What is on the page now is the plan as it is: the person's edit is gone, but nobody else's was overwritten.
            ModelState.Clear();
            Input = PlanFormInput.From(await Plans.GetVersionedAsync(actor, PlanId, ct));
            SayChanged();
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (AccessDeniedException e)
        {
            Refuse(e.Reason);
        }
        return Page();
    }
}
