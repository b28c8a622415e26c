using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Access;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.Plans;

/// <summary>The plan goes out as the municipal Excel table and comes back in as the same plan, on each store.</summary>
public abstract partial class PlanAdminScenarios
{
    private static readonly object Owner = new { displayName = "Maria Öberg", email = "maria.oberg@pitea.example" };

    /// <summary>Activities written every way the API allows, with titles a spreadsheet would take for formulas.</summary>
    private static readonly object[] VariedActivities =
    [
        new { title = "Personaltidningen", unit = "vux", schedule = "4 ggr/år", channels = new[] { "webb", "facebook" }, targetGroups = new[] { "allmanhet" }, goals = new[] { "intresse" }, owner = Owner, followUpMetric = "Antal läsare" },
        new { title = "Öppet hus", unit = "repris", schedule = "maj och okt", targetGroups = new[] { "unga", "allmanhet" } },
        new { title = "Nyhetsbrev", unit = "vux", schedule = "varje månad" },
        new { title = "Studiestart", unit = "vux", period = new { from = "2027-03-22", to = "2027-04-11" } },
        new { title = "Annonsering", unit = "repris", schedule = "löpande", channels = new[] { "facebook" } },
        new { title = "Hösttermin", unit = "vux", period = new { from = "2027-08-01", to = "2027-12-31" }, goals = new[] { "intresse" } },
        new { title = "Pressträff", unit = "vux", period = new { from = "2027-03-15", to = "2027-04-10" } },
        new { title = "Temadag", unit = "repris", period = new { from = "2027-06-03", to = "2027-06-03" } },
        new { title = "Kvartalsbrev", unit = "vux", period = new { from = "2027-02-01", to = "2027-11-30" }, recurrence = new { kind = "monthly" } },
        new { title = "Vårfika", unit = "repris", period = new { from = "2027-05-01", to = "2027-05-31" }, recurrence = new { kind = "specificMonths", months = new[] { 5 } } },
        new { title = "Termindagar", unit = "vux", period = new { from = "2027-01-01", to = "2027-12-31" }, recurrence = new { kind = "perTerm" } },
        new { title = "=HYPERLINK(\"https://evil.example\",\"Klicka\")", unit = "vux", schedule = "juni" },
        new { title = "+46 70 123 45 67", unit = "vux", schedule = "jan–mar" },
        new { title = "-Minus först", unit = "repris", schedule = "dec" },
        new { title = "@SUM(A1:A2)", unit = "repris", schedule = "sep", followUpMetric = "=1+1" },
    ];

    private async Task<int> AddVariedActivitiesAsync(string planId)
    {
        foreach (var activity in VariedActivities)
        {
            var response = await Client.PostAsync($"/api/plans/{planId}/activities", Json(activity));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        // Rows as imports make them: a role kept as text instead of an owner.
        var imported = await Client.PostAsync($"/api/plans/{planId}/import", Xlsx(GoodFile(6)));
        Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        return VariedActivities.Length + 6;
    }

    /// <summary>What the municipal table says about an activity, for comparing two plans.</summary>
    private static string Essence(JsonNode a) => string.Join(" | ",
        (string?)a["title"], (string?)a["unit"], a["period"]!.ToJsonString(), a["recurrence"]?.ToJsonString(),
        a["channels"]!.ToJsonString(), a["targetGroups"]!.ToJsonString(), a["goals"]!.ToJsonString(),
        (string?)a["owner"]?["displayName"], (string?)a["owner"]?["email"], (string?)a["followUpMetric"], (string?)a["description"],
        a["occurrences"]!.AsArray().Count, (string?)a["deadline"]);

    private async Task<byte[]> ExportAsync(string planId)
    {
        var response = await Client.GetAsync($"/api/plans/{planId}/export.xlsx");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(XlsxType, response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task The_export_imported_into_an_empty_plan_gives_the_same_plan()
    {
        var (source, _) = await CreatePlanAsync();
        var count = await AddVariedActivitiesAsync(source);

        var file = await ExportAsync(source);
        var created = await Client.PostAsync("/api/plans", Json(NewPlan(2027, "Kultur och fritid")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var target = (string)(await created.ReadJsonAsync())["id"]!;
        var imported = await Client.PostAsync($"/api/plans/{target}/import", Xlsx(file));

        Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        Assert.Equal(count, (int?)(await imported.ReadJsonAsync())["added"]);
        var before = (await ActivitiesAsync(source)).Select(a => Essence(a!)).Order(StringComparer.Ordinal).ToArray();
        var after = (await ActivitiesAsync(target)).Select(a => Essence(a!)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(before, after);
        // And the file of the copy is the file of the original.
        Assert.Equal(Cells(file), Cells(await ExportAsync(target)));
    }

    [Fact]
    public async Task The_export_has_the_municipal_columns_in_order_and_writes_cells_starting_with_formula_signs_as_text()
    {
        var (id, _) = await CreatePlanAsync();
        await AddVariedActivitiesAsync(id);

        var file = await ExportAsync(id);

        var cells = Cells(file);
        Assert.Equal(["Tid", "Verksamhet", "Aktivitet", "Möjliga enheter", "Mål/Målgrupp", "Ansvar/Kontaktperson", "Uppföljning & utvärdering"], cells[0]);
        var magazine = cells.Single(r => r[2] == "Personaltidningen");
        Assert.Equal(["4 ggr/år", "Vuxenutbildningen", "Personaltidningen", "Webb, Facebook", "Allmänhet, Skapa intresse", "Maria Öberg <maria.oberg@pitea.example>", "Antal läsare"], magazine);
        Assert.Equal("maj och okt", cells.Single(r => r[2] == "Öppet hus")[0]);
        Assert.Equal("v. 12–14", cells.Single(r => r[2] == "Studiestart")[0]);
        Assert.Equal("2027-03-15–2027-04-10", cells.Single(r => r[2] == "Pressträff")[0]);
        Assert.Equal("varje månad (feb–nov)", cells.Single(r => r[2] == "Kvartalsbrev")[0]);
        foreach (var text in new[] { "=HYPERLINK(\"https://evil.example\",\"Klicka\")", "+46 70 123 45 67", "-Minus först", "@SUM(A1:A2)", "=1+1" })
            Assert.Contains(cells, r => r.Contains(text));

        // No cell is a formula: the sheet has no <f> element, and the risky texts are string cells.
        using var zip = new ZipArchive(new MemoryStream(file));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = await reader.ReadToEndAsync();
        Assert.DoesNotContain("<f>", sheet);
        Assert.DoesNotContain("<x:f>", sheet);
    }

    [Fact]
    public async Task Someone_from_another_tenant_gets_no_export()
    {
        var (id, _) = await CreatePlanAsync();
        await AddVariedActivitiesAsync(id);
        await using var outsiderApp = StartAsOutsider();
        var outsider = outsiderApp.CreateClient();

        var response = await outsider.GetAsync($"/api/plans/{id}/export.xlsx");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("OtherTenant", (string?)(await response.ReadJsonAsync())["reason"]);
    }

    [Fact]
    public async Task A_norwegian_table_with_tid_as_people_write_it_is_imported_and_what_is_not_understood_is_named_per_row()
    {
        var (id, _) = await CreatePlanAsync();
        static Dictionary<string, object?> Norsk(string tid, string aktivitet) => new()
        {
            ["Tid"] = tid, ["Virksomhet"] = "Vuxenutbildningen", ["Aktivitet"] = aktivitet, ["Mulige enheter"] = "webb",
            ["Mål/Målgruppe"] = "Allmänhet", ["Ansvar/Kontaktperson"] = "", ["Oppfølging og evaluering"] = "Antall besøkende",
        };
        string[] forms = ["mai og okt", "fire ganger i året", "løpende", "januar–mars", "hver måned", "uke 12", "vår og høst", "Q3", "jan till mars 2027"];

        var bad = await Client.PostAsync($"/api/plans/{id}/import", Xlsx(Workbook([Norsk("mai og okt", "Åpen dag"), Norsk("en gang iblant", "Temadag"), Norsk("mai 2026", "Jubileum")])));
        var good = await Client.PostAsync($"/api/plans/{id}/import", Xlsx(Workbook(forms.Select((f, i) => Norsk(f, $"Aktivitet {i}")))));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.ReadJsonAsync();
        Assert.Equal(["rows[3].Tid", "rows[4].Tid"], problem["codes"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Contains("en gang iblant", (string?)problem["errors"]!["rows[3].Tid"]![0]);
        Assert.True(good.StatusCode == HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        Assert.Equal(forms.Length, (int?)(await good.ReadJsonAsync())["added"]);
        var rows = (await ActivitiesAsync(id)).ToDictionary(a => (string)a!["title"]!, a => a!);
        Assert.Equal(2, rows["Aktivitet 0"]["occurrences"]!.AsArray().Count);
        Assert.Equal(4, rows["Aktivitet 1"]["occurrences"]!.AsArray().Count);
        Assert.Equal("2027-03-31", (string?)rows["Aktivitet 3"]["period"]!["to"]);
        Assert.Equal("Antall besøkende", (string?)rows["Aktivitet 3"]["followUpMetric"]);
        Assert.Equal("2027-07-01", (string?)rows["Aktivitet 7"]["period"]!["from"]);
        Assert.Equal("2027-03-31", (string?)rows["Aktivitet 8"]["period"]!["to"]);
    }

    /// <summary>A second host on the same store for an organisation whose tenant is not the caller's.</summary>
    protected abstract AppFactory StartAsOutsider();

    protected static Action<IServiceCollection> AsOutsider => services => services.AddSingleton(new AccessOptions { TenantId = Guid.NewGuid() });

    /// <summary>The sheet as text, row by row, as MiniExcel reads it.</summary>
    private static List<string[]> Cells(byte[] file)
    {
        using var stream = new MemoryStream(file);
        return stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray()).ToList();
    }
}
