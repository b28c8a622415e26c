using System.Net;
using System.Text.RegularExpressions;
using CommPlan.Application.Access;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Tab;

/// <summary>
/// The activity form over HTTP as a browser posts it (with its antiforgery token): communicators change everything,
/// an owner reports status, others are refused; every bad field is answered at once next to it.
/// </summary>
public sealed class ActivityFormTests : IAsyncLifetime
{
    private static readonly Guid Owner = new("9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03"); // Maria Öberg, who owns Repris' activities
    private static readonly Guid Stranger = new("e1111111-2222-4333-8444-555555555555");
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HttpClient Client(AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<Guid> IdOfAsync(HttpClient client, string title) =>
        Guid.Parse((string)(await client.ListAsync()).Single(a => (string)a!["title"]! == title)!["id"]!);

    /// <summary>
    /// The same app and database, signed in as someone else who is no administrator (on the embedded default the
    /// dev user is made a communicator of every plan, so the access settings are replaced by empty ones).
    /// </summary>
    private AppFactory Another(Guid objectId, string name) =>
        new(new Dictionary<string, string?> { ["DevIdentity:ObjectId"] = objectId.ToString(), ["DevIdentity:DisplayName"] = name }, _app.Folder)
        {
            DeleteFolderOnDispose = false,
            ConfigureTestServices = services => services.AddSingleton(new AccessOptions()),
        };

    private static string EditUrl(Guid id, string culture = "en") => $"/plans/{DemoPlanId}/activities/{id}/edit?culture={culture}";

    private static async Task<HtmlForm> ReadFormAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode}\n{html}");
        return HtmlForm.Parse(html);
    }

    private static string ErrorFor(string html, string field)
    {
        var match = Regex.Match(html, $"<p class=\"field-error\" id=\"[^\"]+\" data-error-for=\"{Regex.Escape(field)}\">(.*?)</p>", RegexOptions.Singleline);
        Assert.True(match.Success, $"An error is shown next to {field}:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task A_communicator_changes_an_activity_and_picks_its_owner_from_the_plans_people()
    {
        var client = Client(_app);
        var id = await IdOfAsync(client, "Vårrensning");
        var html = await (await client.GetAsync(EditUrl(id))).Content.ReadAsStringAsync();
        // The picker offers people by name, never an id to type.
        Assert.Matches("<option value=\"ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04\"[^>]*>Johan Berg &lt;johan.berg@pitea.example&gt;</option>", html);
        // Dates as the reader writes them, day first in English (never the US order), ISO in Swedish.
        Assert.Contains("name=\"Input.From\" type=\"text\" inputmode=\"numeric\" value=\"01/05/2026\"", html);
        Assert.Contains("value=\"2026-05-01\"", await (await client.GetAsync(EditUrl(id, "sv"))).Content.ReadAsStringAsync());
        var form = HtmlForm.Parse(html);
        form["Input.Title"] = "Vårrensning 2.0";
        form["Input.Owner"] = "ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04";
        form["Input.Deadline"] = "2026-05-20";
        form.SetAll("Input.Channels", "webb", "facebook");

        var response = await client.PostAsync(EditUrl(id), form.Content());

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var stored = await (await client.GetAsync($"{Activities}/{id}")).ReadJsonAsync();
        Assert.Equal("Vårrensning 2.0", (string)stored["title"]!);
        Assert.Equal("Johan Berg", (string)stored["owner"]!["displayName"]!);
        Assert.Equal("2026-05-20", (string)stored["deadline"]!);
        Assert.Equal(["webb", "facebook"], stored["channels"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once_next_to_it_with_the_accepted_values_and_dates_in_the_readers_language()
    {
        var client = Client(_app);
        var id = await IdOfAsync(client, "Patronsöndag");
        var form = await ReadFormAsync(client, EditUrl(id));
        form["Input.Title"] = "";
        form["Input.Unit"] = "nowhere";
        form["Input.From"] = "2026-06-10";
        form["Input.To"] = "2026-06-01";
        form["Input.Deadline"] = "the day after";
        form["Input.Status"] = "Done";
        form["Input.CompletedOn"] = "2026-12-24";
        form["Input.Owner"] = "00000000-0000-0000-0000-000000000042";
        form.SetAll("Input.Goals", "intresse", "world-peace");

        var response = await client.PostAsync(EditUrl(id), form.Content());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This field is required.", ErrorFor(html, "title"));
        Assert.Equal("Not found in the plan. Choose one of: Avdelningen, VLC – vuxenutbildning, lärling, Individstöd/ferie, Repris, Studiecentrum, Stab/integration.", ErrorFor(html, "unit"));
        Assert.Equal("The period ends before it starts (10 June 2026).", ErrorFor(html, "period.to"));
        Assert.StartsWith("Write a date like 5 March 2026 (05/03/2026)", ErrorFor(html, "deadline"));
        Assert.Equal("Cannot be later than today (23 November 2026).", ErrorFor(html, "completedOn"));
        Assert.Equal("Pick a person from the list.", ErrorFor(html, "owner"));
        Assert.Contains("Choose one of: Skapa en tydlig", ErrorFor(html, "goals"));
        Assert.Contains("data-testid=\"error-summary\"", html);
        // What was typed comes back as it was, and nothing was stored.
        Assert.Equal("the day after", HtmlForm.Parse(html)["Input.Deadline"]);
        Assert.Equal("Patronsöndag", (string)(await (await client.GetAsync($"{Activities}/{id}")).ReadJsonAsync())["title"]!);

        var sv = await client.PostAsync(EditUrl(id, "sv"), form.Content());
        Assert.Equal("Perioden slutar innan den börjar (10 juni 2026).", ErrorFor(await sv.Content.ReadAsStringAsync(), "period.to"));
    }

    [Fact]
    public async Task A_change_made_on_a_stale_copy_is_refused_as_changed_by_someone_else_and_the_current_version_is_shown()
    {
        var client = Client(_app);
        var id = await IdOfAsync(client, "Höstrensning");
        var form = await ReadFormAsync(client, EditUrl(id));
        var current = await client.GetAsync($"{Activities}/{id}");
        var body = (await current.ReadJsonAsync()).AsObject();
        var meanwhile = NewActivity("Höstrensning i Öjebyn");
        meanwhile["unit"] = "repris";
        meanwhile["period"] = new { from = "2026-09-01", to = "2026-09-30" };
        meanwhile["deadline"] = null;
        meanwhile["status"] = (string)body["status"]!;
        meanwhile["completedOn"] = (string?)body["completedOn"];
        var put = await client.SendAsync(HttpMethod.Put, $"{Activities}/{id}", Json(meanwhile), current.Headers.ETag!.Tag);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        form["Input.Title"] = "Höstrensning med loppis";

        var response = await client.PostAsync(EditUrl(id), form.Content());
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Contains("Changed by someone else", html);
        Assert.Equal("Höstrensning i Öjebyn", HtmlForm.Parse(html)["Input.Title"]);
        Assert.Equal("Höstrensning i Öjebyn", (string)(await (await client.GetAsync($"{Activities}/{id}")).ReadJsonAsync())["title"]!);
    }

    [Fact]
    public async Task An_owner_reports_the_status_of_their_own_activity_and_a_stranger_is_refused_the_form()
    {
        var anna = Client(_app);
        var id = await IdOfAsync(anna, "Patronsöndag");
        await using var ownerApp = Another(Owner, "Maria Öberg");
        var owner = Client(ownerApp);
        var html = await (await owner.GetAsync(EditUrl(id))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"owner-hint\"", html);
        Assert.DoesNotContain("name=\"Input.Title\"", html);
        var form = HtmlForm.Parse(html);
        form["Input.Status"] = "Done";
        form["Input.CompletedOn"] = "2026-10-31";

        var response = await owner.PostAsync(EditUrl(id), form.Content());

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var stored = await (await anna.GetAsync($"{Activities}/{id}")).ReadJsonAsync();
        Assert.Equal("done", ((string)stored["status"]!).ToLowerInvariant());
        Assert.Equal("Patronsöndag", (string)stored["title"]!);

        await using var strangerApp = Another(Stranger, "Okänd");
        var refused = await Client(strangerApp).GetAsync(EditUrl(id));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("data-testid=\"refusal\"", await refused.Content.ReadAsStringAsync());
        var page = await (await Client(strangerApp).GetAsync($"/plans/{DemoPlanId}/activities/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"edit-link\"", page);
    }

    [Fact]
    public async Task The_start_page_shows_server_paths_only_to_administrators_and_keeps_developer_links_folded_away()
    {
        var admin = await (await Client(_app).GetAsync("/?culture=en")).Content.ReadAsStringAsync();
        Assert.Contains(_app.StorageOptions.DatabasePath, admin);
        Assert.Matches("<details class=\"developer\" data-testid=\"developer-links\">\\s*<summary>", admin);

        await using var strangerApp = Another(Stranger, "Okänd");
        var reader = await (await Client(strangerApp).GetAsync("/?culture=en")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(_app.StorageOptions.DatabasePath, reader);
        Assert.DoesNotContain(_app.Folder, reader);
        Assert.Contains("data-testid=\"embedded-banner\"", reader);
        Assert.Contains("<th scope=\"row\" lang=\"sv\">Vårrensning</th>", reader);
    }
}
