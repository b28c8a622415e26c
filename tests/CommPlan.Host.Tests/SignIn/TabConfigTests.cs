using System.Net;
using CommPlan.Host.Tests.Infrastructure;

namespace CommPlan.Host.Tests.SignIn;

/// <summary>The channel tab's configuration page and the plan a configured tab shows.</summary>
public sealed class TabConfigTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_configuration_page_offers_the_plans_the_user_may_read_with_teams_js()
    {
        var response = await _app.CreateClient().GetAsync("/tab/config?culture=en");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose the plan for this tab", html);
        Assert.Contains($"<option value=\"{HttpExtensions.DemoPlanId}\" data-display-name=\"Kommunikations- och marknadsföringsplan 2026\">", html);
        Assert.Contains("src=\"/lib/teams-js/MicrosoftTeams.min.js\"", html);
        Assert.Contains("src=\"/js/tab-config.js\"", html);
    }

    [Fact]
    public async Task The_content_url_a_configured_tab_saves_shows_that_plan()
    {
        var html = await (await _app.CreateClient().GetAsync($"/?plan={HttpExtensions.DemoPlanId}&culture=en")).Content.ReadAsStringAsync();

        Assert.Contains("Kommunikations- och marknadsföringsplan 2026", html);
        Assert.Contains("Vårrensning", html);
    }

    [Fact]
    public async Task A_tab_for_a_plan_that_is_gone_answers_not_found()
    {
        var response = await _app.CreateClient().GetAsync($"/?plan={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_script_that_saves_the_tab_configuration_is_served()
    {
        var script = await _app.CreateClient().GetStringAsync("/js/tab-config.js");

        Assert.Contains("registerOnSaveHandler", script);
        Assert.Contains("setValidityState", script);
        Assert.Contains("'/plans/'", script);
        Assert.Contains("'/year'", script);
    }
}
