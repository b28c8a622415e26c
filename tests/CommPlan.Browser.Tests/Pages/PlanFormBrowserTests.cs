using System.Text.Json;
using CommPlan.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>The plan form in Chromium, against the real host on Kestrel (embedded default, signed in as the demo communicator).</summary>
public sealed class PlanFormBrowserTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string DemoPlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";

    private readonly BrowserFixture browser;
    private readonly string folder = Directory.CreateTempSubdirectory("commplan-browser-").FullName;
    private WebApplicationFactory<Program> host = null!;
    private string origin = "";

    public PlanFormBrowserTests(BrowserFixture browser) => this.browser = browser;

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

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(string locale)
    {
        // axe is added as a script of its own, which the pages' Content-Security-Policy would refuse.
        var context = await browser.Browser.NewContextAsync(new() { Locale = locale, BypassCSP = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return (context, page);
    }

    private static async Task<string[]> AxeViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = NodeModules.File("axe-core/axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        return result.Deserialize<string[]>()!;
    }

    [Fact]
    public async Task A_communicator_fills_in_the_form_adds_a_row_and_lands_on_the_new_plan()
    {
        var (context, page) = await OpenAsync("en-GB");
        await using var _ = context;
        await page.GotoAsync($"{origin}/plans/new?culture=en");

        await page.GetByLabel("Year").FillAsync("2027");
        await page.GetByLabel("Organisation").FillAsync("Piteå kommun");
        await page.GetByLabel("Department").FillAsync("Kultur och fritid");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Kulturplan 2027");
        await page.GetByLabel("Goal 1", new() { Exact = true }).FillAsync("Fler besökare");
        await page.GetByLabel("Target group 1", new() { Exact = true }).FillAsync("Barnfamiljer");
        await page.GetByLabel("Channel 1", new() { Exact = true }).FillAsync("Webb");
        var channels = page.Locator("fieldset[data-entries=channels]");
        await channels.GetByRole(AriaRole.Button, new() { Name = "Add a row" }).ClickAsync();
        await page.GetByLabel("Channel 4", new() { Exact = true }).FillAsync("Affischer");
        await page.GetByLabel("Unit 1", new() { Exact = true }).FillAsync("Kulturskolan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the plan" }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/\\?plan=[0-9a-f-]{36}$"));
        Assert.Equal("Kulturplan 2027", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Fler besökare", await page.Locator("main").InnerTextAsync());
        var plan = await page.APIRequest.GetAsync($"{origin}/api/plans/{page.Url.Split("plan=")[1]}");
        var channelKeys = (await plan.JsonAsync())!.Value.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("key").GetString());
        Assert.Equal(["webb", "affischer"], channelKeys);
    }

    [Theory]
    [InlineData("sv-SE", "sv")]
    [InlineData("en-GB", "en")]
    public async Task The_new_and_edit_forms_and_their_field_errors_have_no_accessibility_violations(string locale, string culture)
    {
        var (context, page) = await OpenAsync(locale);
        await using var _ = context;
        await page.GotoAsync($"{origin}/plans/new?culture={culture}");
        Assert.Empty(await AxeViolationsAsync(page));

        // Posted empty: every field has its error, which must be as accessible as the form.
        await page.Locator("#year").FillAsync("");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("[data-testid=error-summary]").WaitForAsync();
        Assert.Empty(await AxeViolationsAsync(page));

        // The edit form of the demo plan, filled in, with a remove box on each entry.
        await page.GotoAsync($"{origin}/plans/{DemoPlanId}/edit?culture={culture}");
        await page.Locator("input[name='Input.Version']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Empty(await AxeViolationsAsync(page));
    }
}
