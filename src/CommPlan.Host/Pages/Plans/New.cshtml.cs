using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Plans;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Plans;

/// <summary>/plans/new: a communicator starts a year's plan with its vocabularies, and lands on it.</summary>
public sealed class NewModel(PlanService plans, OrganisationClock clock, IStringLocalizer<Text> text) : PlanFormPage(plans, text)
{
    public override bool IsNew => true;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (SignIn() is not { } actor)
        {
            if (SignedIn) Refuse(RefusalReason.Unidentified);
            return;
        }
        var decision = await Plans.DecideStartPlanAsync(actor, ct);
        if (!decision.Allowed) { Refuse(decision); return; }
        // Plans are mostly started for the coming year, in the autumn.
        Input.Year = (clock.Today.Year + (clock.Today.Month >= 9 ? 1 : 0)).ToString(CultureInfo.InvariantCulture);
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
        var year = int.TryParse(Input.Year, NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
        if (year is null) Add("year", Message(new FieldError("year", string.IsNullOrWhiteSpace(Input.Year) ? ErrorCodes.Required : ErrorCodes.Unparseable)));
        try
        {
            // Without a year the rest is still checked (year 0 is refused), so that every bad field is reported at once.
            var created = await Plans.CreateAsync(actor, year ?? 0, vocabulary, ct);
            return Redirect($"/?plan={created.Value.Id}");
        }
        catch (DomainValidationException e)
        {
            Show(year is null ? e.Errors.Where(x => x.Field != "year") : e.Errors, rowOf);
        }
        catch (DuplicateException)
        {
            Add("year", Text("PlanForm_Duplicate"));
        }
        catch (AccessDeniedException e)
        {
            Refuse(e.Reason);
            return Page();
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
