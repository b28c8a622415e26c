using CommPlan.Application.Access;
using CommPlan.Application.Plans;
using CommPlan.Host.Features.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;

namespace CommPlan.Host.Features.PlanExchange;

/// <summary>
/// The activity plan as an Excel file in the municipal layout, for everyone who reads the plan; the file
/// <c>POST /api/plans/{id}/import</c> reads back as the same plan.
/// </summary>
public static class PlanExportApi
{
    public const string SheetName = "Aktivitetsplan";

    public static RouteGroupBuilder MapPlanExportApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").RequireAuthorization().WithTags("Plans");

        plans.MapGet("/{planId:guid}/export.xlsx", async Task<FileContentHttpResult> (Guid planId, PlanService service, Actor actor, CancellationToken ct) =>
        {
            var table = await service.ExportAsync(actor, planId, ct);
            return TypedResults.File(Workbook(table), SpreadsheetRows.XlsxType, FileName(table));
        })
        .WithName("ExportActivities")
        .Produces(StatusCodes.Status200OK, contentType: SpreadsheetRows.XlsxType)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        return plans;
    }

    /// <summary>
    /// One sheet: the header row, then a row per activity. Every cell is a text cell, never a formula, so a title
    /// such as "=HYPERLINK(…)" or "+46 …" stays the text it is when the file is opened.
    /// </summary>
    public static byte[] Workbook(PlanTable table)
    {
        var rows = table.Rows.Select(r =>
        {
            string?[] cells = [r.Tid, r.Verksamhet, r.Aktivitet, r.MojligaEnheter, r.MalMalgrupp, r.AnsvarKontaktperson, r.UppfoljningUtvardering];
            var row = new Dictionary<string, object?>(table.Headers.Count);
            for (var i = 0; i < table.Headers.Count; i++) row[table.Headers[i]] = cells[i] ?? "";
            return row;
        }).ToList();
        if (rows.Count == 0) rows.Add(table.Headers.ToDictionary(h => h, object? (_) => ""));
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: true, sheetName: SheetName, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static string FileName(PlanTable table)
    {
        var name = $"{table.Plan.Title} – {table.Plan.Department}";
        foreach (var bad in Path.GetInvalidFileNameChars().Concat(['"', '\\', '/', ':', '*', '?', '<', '>', '|']))
            name = name.Replace(bad, ' ');
        return name.Trim() + ".xlsx";
    }
}
