using CommPlan.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>
/// The app's pages in Chromium, framed by an emulated Teams client at the app's origin: sign-in by the Teams SSO token
/// (teams-js getAuthToken, exchanged for the session cookie) and the channel tab's configuration.
/// </summary>
public sealed class TeamsTabSignInTests(BrowserFixture browser, EntraApp app) : IClassFixture<BrowserFixture>, IClassFixture<EntraApp>
{
    private static readonly LocatorAssertionsToHaveTextOptions Within = new() { Timeout = (float)TeamsClient.Deadline.TotalMilliseconds };

    [Fact]
    public async Task A_tab_page_framed_by_teams_signs_in_with_the_sso_token_and_shows_the_user()
    {
        await using var teams = await TeamsClient.OpenAsync(browser.Browser, app.App, "/?culture=en", "content", app.SsoToken());

        await teams.ExpectAsync(() => Expect(teams.Tab.GetByTestId("signed-in-user")).ToHaveTextAsync($"Signed in as {EntraApp.UserName}", Within));

        var asked = await teams.ReceivedAsync();
        Assert.Equal("initialize", asked[0].Func);
        Assert.Single(asked, r => r.Func == "authentication.getAuthToken");
        Assert.Equal(0, await teams.Tab.Locator("[data-sign-in]").CountAsync());
    }

    [Fact]
    public async Task A_token_the_app_refuses_shows_the_localised_failure_once_without_reloading()
    {
        await using var teams = await TeamsClient.OpenAsync(browser.Browser, app.App, "/?culture=sv", "content", app.ForgedSsoToken());

        var failed = teams.Tab.Locator("[data-sign-in-failed]");
        await teams.ExpectAsync(() => Expect(failed).ToBeVisibleAsync(new() { Timeout = (float)TeamsClient.Deadline.TotalMilliseconds }));

        await Expect(failed).ToHaveTextAsync("Inloggningen fungerade inte här. Logga in med ditt jobbkonto i stället, eller ladda om fliken.");
        await Expect(teams.Tab.Locator("[data-sign-in-status]")).ToBeHiddenAsync();
        Assert.Single(await teams.ReceivedAsync(), r => r.Func == "authentication.getAuthToken");
        Assert.True(teams.TabLoads == 1, $"The tab page loaded {teams.TabLoads} times; a refused token must not reload it.\n{teams.Console}");
        Assert.Equal(0, await teams.Tab.GetByTestId("signed-in-user").CountAsync());
    }

    [Fact]
    public async Task Choosing_a_plan_on_the_configuration_page_enables_save_and_saving_points_the_tab_at_the_plan()
    {
        var planId = await app.StartPlanAsync(2031, "Kommunikationsplan 2031");
        await using var teams = await TeamsClient.OpenAsync(browser.Browser, app.App, "/tab/config?culture=en", "settings", app.SsoToken());

        // Signed in by SSO, the page loads again with the plans and starts teams-js a second time.
        var select = teams.Tab.GetByLabel("Plan");
        await teams.ExpectAsync(() => Expect(select).ToBeVisibleAsync(new() { Timeout = (float)TeamsClient.Deadline.TotalMilliseconds }));
        var invalid = await teams.WaitForRequestAsync("settings.setValidityState");
        Assert.False(invalid.Args[0].GetBoolean(), "Save must stay off until a plan is chosen.");

        await select.SelectOptionAsync(planId.ToString());
        var valid = await teams.WaitForRequestAsync("settings.setValidityState", 2);
        Assert.True(valid.Args[0].GetBoolean());

        await teams.SaveAsync();
        var saved = await teams.WaitForRequestAsync("settings.setSettings");
        var settings = saved.Args[0];
        var url = $"{app.App.Origin}/plans/{planId}/year";
        Assert.Equal(url, settings.GetProperty("contentUrl").GetString());
        Assert.Equal(url, settings.GetProperty("websiteUrl").GetString());
        Assert.Equal($"plan-{planId}", settings.GetProperty("entityId").GetString());
        Assert.Equal("Kommunikationsplan 2031", settings.GetProperty("suggestedDisplayName").GetString());
        await teams.WaitForRequestAsync("settings.save.success");
        Assert.DoesNotContain(await teams.ReceivedAsync(), r => r.Func == "settings.save.failure");
    }

    [Theory]
    [InlineData("sv")]
    [InlineData("en")]
    public async Task The_sign_in_step_and_its_failure_have_no_wcag_21_aa_violations(string language)
    {
        await using var teams = await TeamsClient.OpenAsync(browser.Browser, app.App, $"/tab/config?culture={language}", "settings", app.ForgedSsoToken(), bypassCsp: true);
        await teams.ExpectAsync(() => Expect(teams.Tab.Locator("[data-sign-in-failed]")).ToBeVisibleAsync(new() { Timeout = (float)TeamsClient.Deadline.TotalMilliseconds }));

        var violations = await Axe.WcagViolationsAsync(await teams.TabFrameAsync());

        Assert.True(violations.Length == 0, $"/tab/config signing in ({language}):\n{string.Join('\n', violations)}");
    }
}
