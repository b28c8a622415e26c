using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>
/// The plan's Excel file in Chromium, against the real host on Kestrel (embedded default, signed in as the demo
/// communicator): the download from the start page, and the import form with a bad file.
/// </summary>
public sealed class PlanFileBrowserTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string DemoPlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";

    private readonly BrowserFixture browser;
    private readonly string folder = Directory.CreateTempSubdirectory("commplan-browser-").FullName;
    private WebApplicationFactory<Program> host = null!;
    private string origin = "";

    public PlanFileBrowserTests(BrowserFixture browser) => this.browser = browser;

    public Task InitializeAsync()
    {
        host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:DatabasePath", Path.Combine(folder, "app.db"));
            b.UseSetting("Storage:DocumentsFolder", Path.Combine(folder, "documents"));
            // A free port of its own: without an address the app takes its default, 3978, which another test class
            // running at the same time (or the app started by hand) may hold.
            b.UseSetting("urls", "http://127.0.0.1:0");
        });
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        origin = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync()
    {
        // axe is added as a script of its own, which the pages' Content-Security-Policy would refuse.
        var context = await browser.Browser.NewContextAsync(new() { Locale = "en-GB", BypassCSP = true, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return (context, page);
    }

    private async Task<string[]> TitlesAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(origin) };
        var list = await http.GetFromJsonAsync<JsonObject>($"/api/plans/{DemoPlanId}/activities");
        return list!["items"]!.AsArray().Select(a => (string)a!["title"]!).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task The_download_from_the_start_page_opens_again_with_miniexcel_as_the_plans_activities()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync($"{origin}/?culture=en");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        var path = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(path);

        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var rows = MiniExcel.Query(path, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["Tid", "Verksamhet", "Aktivitet", "Möjliga enheter", "Mål/Målgrupp", "Ansvar/Kontaktperson", "Uppföljning & utvärdering"], rows[0].Keys);
        Assert.Equal(await TitlesAsync(), rows.Select(r => (string)r["Aktivitet"]!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r["Tid"] as string)));
    }

    [Fact]
    public async Task A_bad_file_in_the_import_form_shows_its_report_and_writes_nothing()
    {
        var before = await TitlesAsync();
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync($"{origin}/?culture=en");
        await page.GetByTestId("import-xlsx").ClickAsync();
        using var file = new MemoryStream();
        file.SaveAs(new[]
        {
            new Dictionary<string, object?> { ["Tid"] = "någon gång", ["Verksamhet"] = "Ingenstans", ["Aktivitet"] = "Temadag" },
            new Dictionary<string, object?> { ["Tid"] = "maj", ["Verksamhet"] = "Ingenstans", ["Aktivitet"] = "" },
        }, printHeader: true, excelType: ExcelType.XLSX);

        await page.GetByLabel("Excel file").SetInputFilesAsync(new FilePayload
        {
            Name = "aktivitetsplan.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = file.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        var report = page.GetByTestId("import-problems");
        await Expect(report).ToBeVisibleAsync();
        await Expect(report).ToContainTextAsync("någon gång");
        await Expect(report.GetByRole(AriaRole.Row).Filter(new() { HasText = "Verksamhet" })).ToHaveCountAsync(2);
        Assert.Equal(before, await TitlesAsync());
        await page.AddScriptTagAsync(new() { Path = NodeModules.File("axe-core/axe.min.js") });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        Assert.Empty(violations.Deserialize<string[]>()!);
    }
}
