using CommPlan.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommPlan.Browser.Tests.Pages;

/// <summary>Outside Teams with Microsoft 365 settings: the page sends Chromium through Entra ID's OpenID Connect sign-in and back.</summary>
public sealed class BrowserSignInTests(BrowserFixture browser, EntraApp app) : IClassFixture<BrowserFixture>, IClassFixture<EntraApp>
{
    [Fact]
    public async Task A_page_opened_outside_teams_goes_to_the_authorize_endpoint_and_comes_back_signed_in()
    {
        app.Entra.SignInUser = EntraApp.User();
        // The loopback Entra ID's certificate is made for the run; the app itself is on http://localhost.
        await using var context = await browser.Browser.NewContextAsync(new() { Locale = "en-GB", IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        var visited = new List<string>();
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) visited.Add(frame.Url); };

        await page.GotoAsync($"{app.App.Origin}/?culture=en");

        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync($"Signed in as {EntraApp.UserName}",
            new() { Timeout = (float)TeamsClient.Deadline.TotalMilliseconds });
        Assert.Equal($"{app.App.Origin}/?culture=en", page.Url);
        Assert.Contains(visited, url => url.StartsWith($"{app.Entra.BaseUrl}/{EntraApp.Tenant}/oauth2/v2.0/authorize?", StringComparison.Ordinal));
        Assert.Equal(EntraApp.ClientId, app.Entra.LastAuthorizeQuery!["client_id"]);
        Assert.Equal($"{app.App.Origin}/signin-oidc", app.Entra.LastAuthorizeQuery["redirect_uri"]);
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "CommPlan.Session");
        Assert.Equal("localhost", session.Domain);
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
    }
}
