using CommPlan.Application;
using CommPlan.Application.Plans;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using CommPlan.Host.Api;
using CommPlan.Host.Features.Plans;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Plans;

/// <summary>One problem of an import as the page lists it: the row of the file, the column, and what is wrong.</summary>
public sealed record ImportProblem(int? Row, string Column, string Message);

/// <summary>
/// /plans/{id}/import: a communicator fills the plan from the municipal Excel table. Every problem of the file is
/// listed by row and column, and nothing is written unless every row is good (<see cref="PlanService.ImportAsync"/>).
/// </summary>
[RequestSizeLimit(SpreadsheetRows.MaxBytes + 64 * 1024)]
public sealed class ImportModel(PlanService plans, IStringLocalizer<Text> text) : PageModel
{
    [FromRoute(Name = "id")]
    public Guid PlanId { get; set; }

    public bool SignedIn { get; private set; }
    public string? Refusal { get; private set; }
    public string? PlanTitle { get; private set; }
    public ImportReport? Report { get; private set; }
    public List<ImportProblem> Problems { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await PrepareAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (await PrepareAsync(ct) is not { } actor) return Page();
        try
        {
            if (file is null || file.Length == 0) throw new BadBodyException(StatusCodes.Status400BadRequest, [new FieldError("file", ErrorCodes.Required)], "Problem_validation");
            if (file.Length > SpreadsheetRows.MaxBytes) throw new BadBodyException(StatusCodes.Status413PayloadTooLarge, [new FieldError("file", ErrorCodes.TooLong, SpreadsheetRows.MaxBytes)], "Problem_too_large", SpreadsheetRows.MaxBytes);
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            Report = await plans.ImportAsync(actor, PlanId, SpreadsheetRows.Read(buffer), dryRun: false, ct);
        }
        catch (DomainValidationException e)
        {
            Show(e.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (BadBodyException e)
        {
            Show(e.Errors);
            Response.StatusCode = e.StatusCode;
        }
        catch (AccessDeniedException e)
        {
            Refusal = text["Denied_" + e.Reason];
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        return Page();
    }

    private async Task<CommPlan.Application.Access.Actor?> PrepareAsync(CancellationToken ct)
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (!SignedIn) return null;
        if (ActorClaims.FromUser(User) is not { } actor)
        {
            Refusal = text["Denied_" + RefusalReason.Unidentified];
            return null;
        }
        PlanTitle = (await plans.GetAsync(actor, PlanId, ct)).Title;
        return actor;
    }

    /// <summary>"rows[7].Tid" → row 7, column Tid; "columns.Aktivitet" → the missing column; anything else about the file.</summary>
    private void Show(IEnumerable<FieldError> errors)
    {
        foreach (var e in errors)
        {
            var message = text["Error_" + e.Code, e.Limit ?? ""].Value;
            var match = System.Text.RegularExpressions.Regex.Match(e.Field, @"^rows\[(\d+)\]\.(.+)$");
            if (match.Success) Problems.Add(new ImportProblem(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, message));
            else Problems.Add(new ImportProblem(null, e.Field.StartsWith("columns.", StringComparison.Ordinal) ? e.Field["columns.".Length..] : e.Field, message));
        }
    }
}
