using CommPlan.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>The app that runs on the embedded default (SQLite with the demo plan, the demo user signed in).</summary>
public sealed class EmbeddedApp : IAsyncLifetime
{
    private AppProcess? _app;

    public AppProcess App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>
/// axe-core on the pages about the service, the tab's configuration page and the plan's documents page, as Chromium renders them: no WCAG 2.1 A
/// or AA violation of any impact. The pages have one (light) theme; each is checked in Swedish and English.
/// </summary>
public sealed class PageAccessibilityTests(BrowserFixture browser, EmbeddedApp app) : IClassFixture<BrowserFixture>, IClassFixture<EmbeddedApp>
{
    public static TheoryData<string, string> Pages() => new()
    {
        { "/privacy", "sv" }, { "/privacy", "en" },
        { "/accessibility", "sv" }, { "/accessibility", "en" },
        { "/terms", "sv" }, { "/terms", "en" },
        { "/tab/config", "sv" }, { "/tab/config", "en" },
        { DocumentsPage, "sv" }, { DocumentsPage, "en" },
    };

    /// <summary>The demo plan's documents page, as a communicator sees it (with the forms to write and upload).</summary>
    private const string DocumentsPage = "/plans/3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01/documents";

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_wcag_21_aa_violations(string path, string language)
    {
        // axe is put on the page from disk: the app's policy allows its own scripts only.
        await using var context = await browser.Browser.NewContextAsync(new() { Locale = language, BypassCSP = true, ViewportSize = new() { Width = 1024, Height = 768 } });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"{app.App.Origin}{path}?culture={language}");
        Assert.True(response?.Ok == true, $"{path} answered {response?.Status}.\n{app.App.Printed}");
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));

        if (language == "sv" && path is "/privacy" or "/tab/config")
        {
            // For a person to look at: Playwright's view of the page as a reader gets it.
            var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{path.Trim('/').Replace('/', '-')}-{language}.png"), FullPage = true });
        }

        var violations = await Axe.WcagViolationsAsync(page.MainFrame);

        Assert.True(violations.Length == 0, $"{path} ({language}):\n{string.Join('\n', violations)}");
    }
}
