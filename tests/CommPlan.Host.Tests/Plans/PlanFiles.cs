using System.Net.Http.Headers;
using MiniExcelLibs;

namespace CommPlan.Host.Tests.Plans;

/// <summary>Activity plans as municipalities keep them in Excel, and the plans they are written for.</summary>
internal static class PlanFiles
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A row of the municipal table: Tid, Verksamhet, Aktivitet, Möjliga enheter, Mål/Målgrupp, Ansvar, Uppföljning.</summary>
    public static Dictionary<string, object?> Row(string tid, string verksamhet, string aktivitet, string enheter = "", string malgrupp = "",
        string ansvar = "", string uppfoljning = "") => new()
    {
        ["Tid"] = tid,
        ["Verksamhet"] = verksamhet,
        ["Aktivitet"] = aktivitet,
        ["Möjliga enheter"] = enheter,
        ["Mål/Målgrupp"] = malgrupp,
        ["Ansvar/Kontaktperson"] = ansvar,
        ["Uppföljning & utvärdering"] = uppfoljning,
    };

    /// <summary>Rows written as the municipality's plan file: the header row first, then the rows (row 2 onwards).</summary>
    public static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.ToList(), printHeader: true, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>A plan file of <paramref name="count"/> good rows for the plan of <see cref="NewPlan"/>.</summary>
    public static byte[] GoodFile(int count) => Workbook(Enumerable.Range(1, count).Select(i => Row(
        (i % 4) switch { 0 => "maj och okt", 1 => "4 ggr/år", 2 => "v. 12", _ => "hösten" },
        i % 2 == 0 ? "Repris" : "vux",
        $"Aktivitet {i}",
        "Facebook, webb",
        "Allmänhet",
        i % 3 == 0 ? "Kommunikatör" : "Maria Öberg <maria.oberg@pitea.example>",
        "Antal besökare")));

    public static ByteArrayContent Xlsx(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        return content;
    }

    public static MultipartFormDataContent Form(byte[] file)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(XlsxType);
        form.Add(part, "file", "aktivitetsplan.xlsx");
        return form;
    }

    /// <summary>A new department's plan, as a communicator sends it to POST /api/plans.</summary>
    public static object NewPlan(int year = 2027, string department = "Återbruk och vuxenutbildning") => new
    {
        year,
        organisation = "Piteå kommun",
        department,
        title = $"Kommunikationsplan {year}",
        goals = new[] { new { key = "intresse", name = "Skapa intresse" } },
        targetGroups = new[] { new { key = "allmanhet", name = "Allmänhet" }, new { key = "unga", name = "Unga vuxna" } },
        channels = new[] { new { key = "webb", name = "Webb" }, new { key = "facebook", name = "Facebook" } },
        units = new[] { new { key = "vux", name = "Vuxenutbildningen" }, new { key = "repris", name = "Repris" } },
    };

    /// <summary>The same plan with a vocabulary change, for PUT /api/plans/{id}.</summary>
    public static object Vocabulary(int year, (string Key, string Name)[] channels) => new
    {
        organisation = "Piteå kommun",
        department = "Återbruk och vuxenutbildning",
        title = $"Kommunikationsplan {year}",
        goals = new[] { new { key = "intresse", name = "Skapa intresse" } },
        targetGroups = new[] { new { key = "allmanhet", name = "Allmänhet" }, new { key = "unga", name = "Unga vuxna" } },
        channels = channels.Select(c => new { key = c.Key, name = c.Name }).ToArray(),
        units = new[] { new { key = "vux", name = "Vuxenutbildningen" }, new { key = "repris", name = "Repris" } },
    };

    public static object Activity(string title = "Öppet hus", string unit = "vux") => new
    {
        title,
        unit,
        schedule = "maj",
        channels = new[] { "webb" },
        targetGroups = new[] { "allmanhet" },
    };
}
