using CommPlan.Application.Plans;
using CommPlan.Host.Features.PlanExchange;
using CommPlan.Host.Features.Plans;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommPlan.Host.Pages.Plans;

/// <summary>
/// /plans/{id}/export.xlsx: the plan's Excel file for a page's link. The API answers only bearer tokens, which a
/// link cannot carry; this answers the page's session, with the same file.
/// </summary>
public sealed class ExportModel(PlanService plans) : PageModel
{
    [FromRoute(Name = "id")]
    public Guid PlanId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (ActorClaims.FromUser(User) is not { } actor) return Forbid();
        var table = await plans.ExportAsync(actor, PlanId, ct);
        return File(PlanExportApi.Workbook(table), SpreadsheetRows.XlsxType, PlanExportApi.FileName(table));
    }
}
