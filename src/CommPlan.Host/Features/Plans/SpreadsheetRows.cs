using System.Globalization;
using CommPlan.Application.Plans;
using CommPlan.Domain.Common;
using CommPlan.Host.Api;
using MiniExcelLibs;

namespace CommPlan.Host.Features.Plans;

/// <summary>
/// Reads an activity plan from an .xlsx file in the municipal table layout: a header row with Tid, Verksamhet,
/// Aktivitet and, if present, Möjliga enheter, Mål/Målgrupp, Ansvar/Kontaktperson and Uppföljning &amp; utvärdering
/// (or their Norwegian names: Virksomhet, Mulige enheter, …), in any order and possibly below a title row; then one activity per row. Empty rows are skipped.
/// </summary>
public static class SpreadsheetRows
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>How far down a title and notes above the header row may reach.</summary>
    private const int HeaderSearchRows = 20;

    private static readonly string[] Required = [PlanImport.Tid, PlanImport.Verksamhet, PlanImport.Aktivitet];

    private static readonly IReadOnlyList<string> Columns = PlanImport.Columns;

    /// <summary>The file from the request: an .xlsx body, or the "file" part of a form.</summary>
    public static async Task<IReadOnlyList<ImportRow>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? throw Invalid("file", ErrorCodes.Required);
            if (file.Length > MaxBytes) throw TooLarge();
            await file.CopyToAsync(buffer, ct);
        }
        else if (IsXlsx(request.ContentType))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        else throw new BadBodyException(StatusCodes.Status415UnsupportedMediaType, [], "Problem_unsupported_spreadsheet");
        buffer.Position = 0;
        return Read(buffer);
    }

    public static IReadOnlyList<ImportRow> Read(Stream xlsx)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = xlsx.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a zip, not a workbook, a broken sheet: all the person can do is send another file.
            throw Invalid("file", ErrorCodes.Unparseable);
        }

        var headerIndex = rows.Take(HeaderSearchRows).ToList().FindIndex(r => r.Values.Any(v => Same(Text(v), PlanImport.Aktivitet)));
        if (headerIndex < 0) throw Invalid("columns." + PlanImport.Aktivitet, ErrorCodes.Required);
        var header = rows[headerIndex];
        var letterOf = new Dictionary<string, string>();
        // Headed in Swedish or Norwegian; the report names the column by its Swedish name either way.
        for (var c = 0; c < Columns.Count; c++)
        {
            var column = Columns[c];
            var norwegian = PlanImport.NorwegianColumns[c];
            var cell = header.FirstOrDefault(kv => Same(Text(kv.Value), column) || Same(Text(kv.Value), norwegian));
            if (cell.Key is not null) letterOf[column] = cell.Key;
        }
        var missing = Required.Where(c => !letterOf.ContainsKey(c)).Select(c => new FieldError("columns." + c, ErrorCodes.Required)).ToArray();
        if (missing.Length > 0) throw new BadBodyException(StatusCodes.Status400BadRequest, missing, "Problem_validation");

        var result = new List<ImportRow>();
        for (var i = headerIndex + 1; i < rows.Count; i++)
        {
            var row = rows[i];
            string? Cell(string column) => letterOf.TryGetValue(column, out var letter) && row.TryGetValue(letter, out var v) ? Text(v) : null;
            var cells = Columns.Select(Cell).ToArray();
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            result.Add(new ImportRow(i + 1, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
        }
        return result;
    }

    private static bool IsXlsx(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(XlsxType, StringComparison.OrdinalIgnoreCase);

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim(),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim(),
    };

    private static bool Same(string? a, string b) => string.Equals(a?.Trim(), b, StringComparison.OrdinalIgnoreCase);

    private static BadBodyException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, [], "Problem_too_large", MaxBytes);

    private static BadBodyException Invalid(string field, string code) =>
        new(StatusCodes.Status400BadRequest, [new FieldError(field, code)], "Problem_validation");
}
