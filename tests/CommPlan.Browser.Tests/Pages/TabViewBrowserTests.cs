using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>
/// The plan tab's views in Chromium against the app on the embedded default (the demo plan, the demo communicator
/// signed in): each view in each Teams theme and in Swedish and English has no WCAG 2.1 AA violation; the year wheel
/// and the filters work by keyboard alone; the theme follows Teams live; an edit on a stale copy is told so.
/// </summary>
public sealed class TabViewBrowserTests(BrowserFixture browser, EmbeddedApp app) : IClassFixture<BrowserFixture>, IClassFixture<EmbeddedApp>
{
    private const string DemoPlanId = "3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01";
    private const string DemoActivityId = "3f0c9a6e-5b7d-4d1e-9a52-000000000001";
    private static readonly string Plan = $"/plans/{DemoPlanId}";
    private static readonly float Deadline = 20_000;

    public static TheoryData<string, string, string> Views()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var view in new[] { "year", "list", "goals", "follow-up", $"activities/{DemoActivityId}", $"activities/{DemoActivityId}/edit", "/my" })
        foreach (var theme in new[] { "default", "dark", "contrast" })
        foreach (var language in new[] { "sv", "en" })
            data.Add(view, theme, language);
        return data;
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(string language = "en")
    {
        // axe is put on the page from disk, which the pages' policy (own scripts only) would refuse.
        var context = await browser.Browser.NewContextAsync(new() { Locale = language, BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Deadline);
        return (context, page);
    }

    private static string Url(string view) => view.StartsWith('/') ? view : $"{Plan}/{view}";

    [Theory]
    [MemberData(nameof(Views))]
    public async Task Each_view_shows_the_demo_plan_in_each_theme_and_language_with_no_wcag_21_aa_violations(string view, string theme, string language)
    {
        var (context, page) = await OpenAsync(language);
        await using var _ = context;
        var response = await page.GotoAsync($"{app.App.Origin}{Url(view)}?culture={language}&theme={theme}");

        Assert.True(response?.Ok == true, $"{view} answered {response?.Status}.\n{app.App.Printed}");
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(theme, await page.GetAttributeAsync("html", "data-theme"));
        await Expect(page.Locator(".plan-name")).ToContainTextAsync("Kommunikations- och marknadsföringsplan");
        // Fluent's tokens arrived: the page's background is the theme's.
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");
        Assert.Equal(theme switch { "dark" => "rgb(41, 41, 41)", "contrast" => "rgb(0, 0, 0)", _ => "rgb(255, 255, 255)" }, background);

        // For a person to look at: each view as a reader sees it.
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots", "tab")).FullName;
        var name = view.Trim('/').Replace(DemoActivityId, "activity", StringComparison.Ordinal).Replace('/', '-');
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{theme}-{language}.png"), FullPage = true });

        var violations = await Axe.WcagViolationsAsync(page.MainFrame);
        Assert.True(violations.Length == 0, $"{view} ({theme}, {language}):\n{string.Join('\n', violations)}");
    }

    [Fact]
    public async Task The_year_wheel_is_walked_month_by_month_with_the_tab_key_and_each_month_is_named()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync($"{app.App.Origin}{Plan}/year?culture=en");

        await page.Locator("[data-testid=year-grid]").FocusAsync();
        var named = new List<string>();
        for (var step = 0; step < 200 && named.Count < 12; step++)
        {
            await page.Keyboard.PressAsync("Tab");
            var month = await page.EvaluateAsync<string?>("() => document.activeElement.closest('svg.wheel a')?.getAttribute('data-month') ?? null");
            if (month is null) continue;
            named.Add(await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"));
            Assert.Equal((named.Count).ToString(System.Globalization.CultureInfo.InvariantCulture), month);
        }
        Assert.Equal(12, named.Count);

        // Each month is named with how many activities it has and, where its segment is marked late, how many are late.
        // What is late depends on today (the demo plan is built for it), so the test asks the page which months are.
        var english = System.Globalization.CultureInfo.GetCultureInfo("en").DateTimeFormat;
        var lateMonths = new List<int>();
        for (var m = 1; m <= 12; m++)
        {
            var marked = (await page.Locator($"svg.wheel a[data-month='{m}'] path").GetAttributeAsync("class"))!.Contains("has-late", StringComparison.Ordinal);
            if (marked) lateMonths.Add(m);
            Assert.Matches($"^{english.GetMonthName(m)}: [1-9]\\d* activit(?:y|ies){(marked ? ", [1-9]\\d* late" : "")}$", named[m - 1]);
        }
        // The demo plan leaves February's "Information till näringslivet" open: once February is well over, it is late.
        if (DateTime.UtcNow.Month >= 4) Assert.Contains(2, lateMonths);

        // Enter on a month opens the list of that month.
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/list\\?month=11$"));
        await Expect(page.Locator("[data-testid=shown]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_filters_are_used_by_keyboard_alone_and_the_filtered_list_is_a_link_to_share()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync($"{app.App.Origin}{Plan}/list?culture=en");

        await page.Locator("#f-unit").FocusAsync();
        await page.Keyboard.PressAsync("Tab"); // owner
        await page.Keyboard.PressAsync("Tab"); // status
        Assert.Equal("f-status", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Locator("#f-status").SelectOptionAsync("late");
        for (var i = 0; i < 4; i++) await page.Keyboard.PressAsync("Tab"); // channel, target group, goal, month
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("f-late", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("status=late.*late=true"));
        var rows = page.Locator("[data-testid=activities] tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        Assert.All(await page.Locator("[data-testid=activities] tbody td.status").AllInnerTextsAsync(), s => Assert.Contains("Late", s));
        Assert.Equal(await rows.CountAsync(), int.Parse(await page.Locator("[data-status=Late] strong").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture));

        // The same address in another browser shows the same list.
        var (other, shared) = await OpenAsync();
        await using var __ = other;
        await shared.GotoAsync(page.Url);
        Assert.Equal(await rows.AllInnerTextsAsync(), await shared.Locator("[data-testid=activities] tbody tr").AllInnerTextsAsync());
    }

    [Fact]
    public async Task A_title_with_a_script_tag_stays_text_in_the_grid_the_wheel_and_the_list()
    {
        using var client = app.App.CreateClient();
        const string title = "<script>document.title='owned'</script><svg onload=alert(1)>";
        var created = await client.PostAsJsonAsync($"/api/plans/{DemoPlanId}/activities", new
        {
            title, unit = "repris", period = new { from = "2026-12-01", to = "2026-12-18" },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        foreach (var view in new[] { "year", "list" })
        {
            await page.GotoAsync($"{app.App.Origin}{Plan}/{view}?culture=en");
            await Expect(page.GetByText(title).First).ToBeVisibleAsync();
        }
        await page.GotoAsync($"{app.App.Origin}{Plan}/year?culture=en");
        var svgTitles = await page.Locator("svg.wheel title").AllTextContentsAsync();
        Assert.Contains(svgTitles, t => t.StartsWith(title, StringComparison.Ordinal));

        Assert.NotEqual("owned", await page.TitleAsync());
        Assert.Equal(0, dialogs);
        Assert.Equal(0, await page.Locator("svg.wheel svg, main script").CountAsync());
    }

    [Fact]
    public async Task An_edit_saved_after_someone_else_changed_the_activity_is_told_changed_by_someone_else()
    {
        using var client = app.App.CreateClient();
        var created = await client.PostAsJsonAsync($"/api/plans/{DemoPlanId}/activities", new
        {
            title = "Seniordag", unit = "repris", period = new { from = "2026-12-01", to = "2026-12-18" },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.GotoAsync($"{app.App.Origin}{Plan}/activities/{id}/edit?culture=en");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Seniordag på biblioteket");

        var current = await client.GetAsync($"/api/plans/{DemoPlanId}/activities/{id}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/plans/{DemoPlanId}/activities/{id}")
        {
            Content = JsonContent.Create(new { title = "Seniordag i Öjebyn", unit = "repris", period = new { from = "2026-12-01", to = "2026-12-18" } }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        Assert.True((await client.SendAsync(put)).IsSuccessStatusCode);

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save the activity" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(412, answer.Status);
        await Expect(page.Locator("[data-testid=notice]")).ToContainTextAsync("Changed by someone else");
        await Expect(page.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Seniordag i Öjebyn");
    }

    [Fact]
    public async Task In_Teams_the_tab_takes_the_teams_language_and_theme_and_follows_a_theme_change_live()
    {
        await using var teams = await TeamsClient.OpenAsync(browser.Browser, app.App, $"{Plan}/year", "content", token: "", theme: "dark", locale: "sv-SE");
        var tab = teams.Tab;

        await teams.ExpectAsync(() => Expect(tab.Locator("html[lang=sv][data-theme=dark]")).ToHaveCountAsync(1, new() { Timeout = Deadline }));
        await teams.ExpectAsync(() => Expect(tab.Locator("h1")).ToHaveTextAsync("Året", new() { Timeout = Deadline }));

        await teams.SetThemeAsync("contrast");
        await teams.ExpectAsync(() => Expect(tab.Locator("html[data-theme=contrast]")).ToHaveCountAsync(1, new() { Timeout = Deadline }));
    }
}
