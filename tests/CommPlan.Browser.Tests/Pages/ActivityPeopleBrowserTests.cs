using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Browser.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Storage.Sqlite;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>
/// The app with Microsoft 365 configured, as operators run it: a loopback Graph (the SharePoint site, provisioned and
/// given the demo plan, and a directory of people) and a loopback Entra ID token endpoint the app trusts by its
/// certificate (SSL_CERT_FILE), as it would trust Entra ID's.
/// </summary>
public sealed class DirectoryApp : IAsyncLifetime
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public static readonly Guid Anna = new("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01");
    private AppProcess? _app;
    private DirectoryInfo _folder = null!;

    public AppProcess App => _app ?? throw new InvalidOperationException("The app has not started.");
    public LoopbackGraphServer Graph { get; private set; } = null!;
    public LoopbackTokenServer Tokens { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Graph = await LoopbackGraphServer.StartAsync();
        Tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        Tokens.AppRoles = ["Sites.Selected", "User.Read.All"];
        Graph.TrustTokensFrom(Tokens);
        Graph.GrantSite(Tokens.ClientId);
        Graph.AddDirectoryPerson(Anna, "Anna Lindqvist", "anna.lindqvist@pitea.example");
        Graph.AddDirectoryPerson(Guid.NewGuid(), "Annika Ström", "annika.strom@pitea.example");
        Graph.AddDirectoryPerson(Guid.NewGuid(), "Erik Berg", "erik.berg@pitea.example");
        _folder = Directory.CreateTempSubdirectory("commplan-browser-directory-");
        await ProvisionAsync();
        _app = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["SharePoint__SiteId"] = Graph.SiteId,
            ["SharePoint__GraphBaseUrl"] = Graph.GraphBaseUrl,
            ["SharePoint__Authority"] = Tokens.Authority(Tenant),
            ["SharePoint__TenantId"] = Tenant,
            ["SharePoint__ClientId"] = Tokens.ClientId,
            ["SharePoint__ClientSecret"] = Tokens.ClientSecret,
            ["SharePoint__Organisation"] = "Piteå kommun",
            ["SSL_CERT_FILE"] = Tokens.WriteTrustFile(_folder.FullName),
        });
    }

    /// <summary>The site's lists and the demo plan, written through the SharePoint adapter as the provision command does.</summary>
    private async Task ProvisionAsync()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddEmbeddedStorage(new EmbeddedStorageOptions(Path.Combine(_folder.FullName, "provision.db"), Path.Combine(_folder.FullName, "documents")))
            .AddSharePointStorage(new SharePointOptions
            {
                SiteId = Graph.SiteId, GraphBaseUrl = Graph.GraphBaseUrl, Authority = Tokens.Authority(Tenant), TenantId = Tenant,
                ClientId = Tokens.ClientId, ClientSecret = Tokens.ClientSecret, Organisation = "Piteå kommun",
            });
        services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(Tokens.CreatePinnedHandler);
        await using var provider = services.BuildServiceProvider();
        await SqliteStorage.MigrateAsync(provider, default);
        await using var scope = provider.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default);
        Assert.True(report.Succeeded, string.Join("; ", report.Failures));
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await Graph.DisposeAsync();
        await Tokens.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}

/// <summary>
/// The activity form's owner picker with the organisation's directory, and the activity's history, in Chromium: a
/// person is found by typing part of a name and picked by keyboard alone, with no WCAG 2.1 AA violation; a saved edit
/// shows on the activity's page.
/// </summary>
public sealed class ActivityPeopleBrowserTests(BrowserFixture browser, DirectoryApp app) : IClassFixture<BrowserFixture>, IClassFixture<DirectoryApp>
{
    private const string DemoPlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";
    private static readonly float Deadline = 20_000;

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync()
    {
        // axe is put on the page from disk, which the pages' policy (own scripts only) would refuse.
        var context = await browser.Browser.NewContextAsync(new() { Locale = "en", BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Deadline);
        return (context, page);
    }

    private async Task<string> CreateActivityAsync(string title)
    {
        using var client = app.App.CreateClient();
        var created = await client.PostAsJsonAsync($"/api/plans/{DemoPlanId}/activities", new
        {
            title, unit = "repris", period = new { from = "2026-12-01", to = "2026-12-18" },
            owner = new { objectId = "ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04", displayName = "Johan Berg" },
        });
        Assert.True(created.IsSuccessStatusCode, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync()}\n{app.App.Printed}");
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_person_is_picked_from_the_directory_by_typing_part_of_a_name_with_the_keyboard_alone_and_the_history_shows_the_new_owner()
    {
        var id = await CreateActivityAsync("Julmarknad på Repris");
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var edit = await page.GotoAsync($"{app.App.Origin}/plans/{DemoPlanId}/activities/{id}/edit?culture=en");
        Assert.True(edit?.Ok == true, $"edit answered {edit?.Status}\n{app.App.Printed}");

        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search the organisation's people" });
        await search.FocusAsync();
        await page.Keyboard.TypeAsync("lindq");
        var results = page.GetByRole(AriaRole.Listbox, new() { Name = "Search the organisation's people" });
        var option = results.GetByRole(AriaRole.Option, new() { Name = "Anna Lindqvist <anna.lindqvist@pitea.example>", Exact = true });
        await Expect(option).ToBeVisibleAsync();
        await Expect(results.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "true");
        var open = await Axe.WcagViolationsAsync(page.MainFrame);
        Assert.True(open.Length == 0, "the form with the search open:\n" + string.Join('\n', open));

        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByTestId("owner-picker")).ToHaveValueAsync(DirectoryApp.Anna.ToString());
        await Expect(page.GetByTestId("owner-search-status")).ToContainTextAsync("Anna Lindqvist");
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "false");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the activity" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(url => url.Contains($"/activities/{id}", StringComparison.Ordinal) && !url.Contains("/edit", StringComparison.Ordinal));
        await Expect(page.GetByTestId("facts")).ToContainTextAsync("anna.lindqvist@pitea.example");
        var history = page.GetByTestId("history");
        await Expect(history).ToContainTextAsync("Johan Berg");
        await Expect(history).ToContainTextAsync("Anna Lindqvist <anna.lindqvist@pitea.example>");
        var shown = await Axe.WcagViolationsAsync(page.MainFrame);
        Assert.True(shown.Length == 0, "the activity page with its history:\n" + string.Join('\n', shown));
    }
}

/// <summary>An edit on the embedded default shows in the activity's history.</summary>
public sealed class ActivityHistoryBrowserTests(BrowserFixture browser, EmbeddedApp app) : IClassFixture<BrowserFixture>, IClassFixture<EmbeddedApp>
{
    private const string DemoPlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";

    [Fact]
    public async Task An_edited_activity_shows_the_change_newest_first_in_its_history_in_the_readers_language()
    {
        using var client = app.App.CreateClient();
        var created = await client.PostAsJsonAsync($"/api/plans/{DemoPlanId}/activities", new
        {
            title = "Bokcirkel", unit = "repris", period = new { from = "2026-12-01", to = "2026-12-18" }, followUpMetric = "Antal deltagare",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var context = await browser.Browser.NewContextAsync(new() { Locale = "sv", BypassCSP = true });
        await using var _ = context;
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync($"{app.App.Origin}/plans/{DemoPlanId}/activities/{id}/edit?culture=sv");

        await page.GetByLabel("Rubrik", new() { Exact = true }).FillAsync("Bokcirkel för unga");
        await page.GetByLabel("Deadline", new() { Exact = true }).FillAsync("2026-12-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara aktiviteten" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/edit", StringComparison.Ordinal));

        var history = page.GetByTestId("history");
        await Expect(history.Locator("> li").First).ToContainTextAsync("Bokcirkel → Bokcirkel för unga");
        await Expect(history.Locator("> li").First).ToContainTextAsync("15 december 2026");
        var violations = await Axe.WcagViolationsAsync(page.MainFrame);
        Assert.True(violations.Length == 0, string.Join('\n', violations));
    }
}
