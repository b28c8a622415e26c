using System.Net;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Tab;

/// <summary>Every change of an activity is recorded: who, when, field before and after; on its page and from the API.</summary>
public sealed class ActivityHistoryTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<Guid> IdOfAsync(HttpClient client, string title) =>
        Guid.Parse((string)(await client.ListAsync()).Single(a => (string)a!["title"]! == title)!["id"]!);

    [Fact]
    public async Task An_edit_in_the_form_is_shown_newest_first_on_the_activity_page_in_the_readers_language_and_read_from_the_api()
    {
        var client = Client();
        var id = await IdOfAsync(client, "Vårrensning");
        var page = $"/plans/{DemoPlanId}/activities/{id}";
        Assert.Contains("data-testid=\"history-empty\"", await (await client.GetAsync(page + "?culture=en")).Content.ReadAsStringAsync());
        var form = HtmlForm.Parse(await (await client.GetAsync(page + "/edit?culture=en")).Content.ReadAsStringAsync());
        // Vårrensning was done in May: reopened.
        form["Input.Status"] = "InProgress";
        form["Input.CompletedOn"] = "";
        var first = await client.PostAsync(page + "/edit?culture=en", form.Content());
        Assert.True(first.StatusCode == HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        form = HtmlForm.Parse(await (await client.GetAsync(page + "/edit?culture=en")).Content.ReadAsStringAsync());
        form["Input.Title"] = "Vårrensning 2.0";
        form["Input.Deadline"] = "2026-05-20";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(page + "/edit?culture=en", form.Content())).StatusCode);

        var english = await (await client.GetAsync(page + "?culture=en")).Content.ReadAsStringAsync();
        var swedish = await (await client.GetAsync(page + "?culture=sv")).Content.ReadAsStringAsync();
        var history = (await (await client.GetAsync($"{Activities}/{id}/history")).ReadJsonAsync()).AsArray();

        Assert.Contains("<h2 id=\"history\">History</h2>", english);
        var newest = english.IndexOf("Vårrensning 2.0</span>", StringComparison.Ordinal);
        var older = english.IndexOf("<span class=\"field\">Status</span>: <span>Done</span> → <span>In progress</span>", StringComparison.Ordinal);
        Assert.True(newest > 0 && older > newest, "the title change, made last, is listed before the status change:\n" + english);
        Assert.Contains("<span>20 May 2026</span>", english);
        Assert.Contains("<h2 id=\"history\">Historik</h2>", swedish);
        Assert.Contains("<span>20 maj 2026</span>", swedish);
        Assert.Equal(2, history.Count);
        Assert.Equal(["title", "deadline"], history[0]!["changes"]!.AsArray().Select(c => (string)c!["field"]!));
        Assert.Equal("2026-05-20", (string?)history[0]!["changes"]![1]!["after"]);
        Assert.Equal(("status", "Done", "InProgress"), ((string)history[1]!["changes"]![0]!["field"]!, (string?)history[1]!["changes"]![0]!["before"], (string?)history[1]!["changes"]![0]!["after"]));
        Assert.Equal(("completedOn", null), ((string)history[1]!["changes"]![1]!["field"]!, (string?)history[1]!["changes"]![1]!["after"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)history[0]!["changedByName"]));
    }

    [Fact]
    public async Task A_save_that_changes_nothing_adds_no_history_and_an_unknown_activity_has_none_to_read()
    {
        var client = Client();
        var id = await IdOfAsync(client, "Vårrensning");
        var page = $"/plans/{DemoPlanId}/activities/{id}";
        var form = HtmlForm.Parse(await (await client.GetAsync(page + "/edit?culture=en")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(page + "/edit?culture=en", form.Content())).StatusCode);

        Assert.Empty((await (await client.GetAsync($"{Activities}/{id}/history")).ReadJsonAsync()).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Activities}/{Guid.NewGuid()}/history")).StatusCode);
    }
}
