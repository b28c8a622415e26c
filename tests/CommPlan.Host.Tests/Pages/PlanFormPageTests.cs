using System.Net;
using System.Text.RegularExpressions;
using CommPlan.Application.Access;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Pages;

/// <summary>
/// The tab's plan form over HTTP, as a browser uses it: the form is read, filled in and posted back with its
/// antiforgery token; the application decides, and its answers show up next to the fields.
/// </summary>
public sealed partial class PlanFormPageTests : IAsyncLifetime
{
    private static readonly Guid Stranger = new("e1111111-2222-4333-8444-555555555555");

    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = Client(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HttpClient Client(AppFactory app)
    {
        // Redirects are asserted, not followed; the antiforgery cookie is kept as a browser keeps it.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    private static async Task<Form> ReadFormAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {response.StatusCode}\n{html}");
        return Form.Parse(html);
    }

    private static async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient client, string url, Form form)
    {
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form.Fields));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorFor(string html, string field)
    {
        var match = Regex.Match(html, $"<p class=\"field-error\" id=\"[^\"]+\" data-error-for=\"{Regex.Escape(field)}\">(.*?)</p>", RegexOptions.Singleline);
        Assert.True(match.Success, $"An error is shown next to {field}:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task A_communicator_creates_a_plan_from_the_form_with_keys_derived_from_the_names_and_lands_on_it()
    {
        var form = await ReadFormAsync(_client, "/plans/new");
        form["Input.Year"] = "2027";
        form["Input.Organisation"] = "Piteå kommun";
        form["Input.Department"] = "Kultur och fritid";
        form["Input.Title"] = "Kommunikationsplan 2027";
        form["Input.Goals[0].Name"] = "Ökad kännedom";
        form["Input.TargetGroups[0].Name"] = "Unga vuxna";
        form["Input.Channels[0].Name"] = "Sociala medier";
        form["Input.Channels[2].Name"] = "Webb";
        form["Input.Units[1].Name"] = "Kulturskolan";

        var (response, html) = await PostAsync(_client, "/plans/new", form);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, html);
        var location = response.Headers.Location!.OriginalString;
        var id = Assert.Single(Regex.Match(location, "^/\\?plan=([0-9a-f-]{36})$").Groups.Values.Skip(1)).Value;
        var plan = await (await _client.GetAsync($"/api/plans/{id}")).ReadJsonAsync();
        Assert.Equal((2027, "Kultur och fritid"), ((int)plan["year"]!, (string?)plan["department"]));
        Assert.Equal("okad-kannedom", (string?)plan["goals"]![0]!["key"]);
        Assert.Equal(["sociala-medier", "webb"], plan["channels"]!.AsArray().Select(c => (string?)c!["key"]));
        Assert.Equal("kulturskolan", (string?)plan["units"]![0]!["key"]);
        Assert.Contains("Kommunikationsplan 2027", await _client.GetStringAsync(location));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once_next_to_its_field_and_what_was_typed_stays()
    {
        var form = await ReadFormAsync(_client, "/plans/new");
        form["Input.Year"] = "";
        form["Input.Organisation"] = "Piteå kommun";
        form["Input.Department"] = "";
        form["Input.Title"] = new string('x', 201);
        form["Input.Goals[0].Name"] = "Ökad kännedom";
        form["Input.Goals[1].Name"] = "!!!";
        form["Input.Channels[2].Name"] = "Webb";

        var (response, html) = await PostAsync(_client, "/plans/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This field is required.", ErrorFor(html, "year"));
        Assert.Equal("This field is required.", ErrorFor(html, "department"));
        Assert.Equal("At most 200 characters.", ErrorFor(html, "title"));
        Assert.Equal("Not a valid value.", ErrorFor(html, "goals[1]"));
        Assert.DoesNotContain("data-error-for=\"organisation\"", html);
        Assert.Contains("data-testid=\"error-summary\"", html);
        Assert.Contains("<a href=\"#goals-1\">", html);
        // The spare row typed in is now the list's first row, the way its errors are numbered.
        Assert.Equal("Webb", Form.Parse(html)["Input.Channels[0].Name"]);
        Assert.Equal("Piteå kommun", Form.Parse(html)["Input.Organisation"]);
        Assert.Single((await (await _client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray());
    }

    [Fact]
    public async Task A_post_without_the_forms_antiforgery_token_is_refused()
    {
        var form = await ReadFormAsync(_client, "/plans/new");
        form.Fields.RemoveAll(f => f.Key == "__RequestVerificationToken");
        form["Input.Organisation"] = "Piteå kommun";
        form["Input.Department"] = "Kultur och fritid";
        form["Input.Title"] = "Kommunikationsplan 2027";

        var (response, _) = await PostAsync(_client, "/plans/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single((await (await _client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray());
    }

    [Fact]
    public async Task Renaming_a_channel_in_the_edit_form_keeps_its_key_and_the_activities_that_use_it()
    {
        var url = $"/plans/{DemoPlanId}/edit";
        var form = await ReadFormAsync(_client, url);
        var row = form.RowOf("Channels", "Webben (pitea.se)");
        var usedBefore = (await _client.ListAsync()).Count(a => a!["channels"]!.AsArray().Any(c => (string?)c == "webb"));
        form[$"Input.Channels[{row}].Name"] = "Webbplatsen";

        var (response, html) = await PostAsync(_client, url, form);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, html);
        Assert.Equal($"/?plan={DemoPlanId}", response.Headers.Location!.OriginalString);
        var plan = await (await _client.GetAsync($"/api/plans/{DemoPlanId}")).ReadJsonAsync();
        Assert.Contains(plan["channels"]!.AsArray(), c => (string?)c!["key"] == "webb" && (string?)c["name"] == "Webbplatsen");
        Assert.True(usedBefore > 0);
        Assert.Equal(usedBefore, (await _client.ListAsync()).Count(a => a!["channels"]!.AsArray().Any(c => (string?)c == "webb")));
    }

    [Fact]
    public async Task Removing_a_channel_still_in_use_shows_the_error_next_to_it_and_changes_nothing()
    {
        var url = $"/plans/{DemoPlanId}/edit";
        var form = await ReadFormAsync(_client, url);
        var row = form.RowOf("Channels", "Webben (pitea.se)");
        form[$"Input.Channels[{row}].Remove"] = "true";

        var (response, html) = await PostAsync(_client, url, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Still used by", ErrorFor(html, $"channels[{row}]"));
        var plan = await (await _client.GetAsync($"/api/plans/{DemoPlanId}")).ReadJsonAsync();
        Assert.Contains(plan["channels"]!.AsArray(), c => (string?)c!["key"] == "webb");
    }

    [Fact]
    public async Task An_edit_of_a_plan_changed_meanwhile_shows_the_current_version_instead_of_overwriting_it()
    {
        var url = $"/plans/{DemoPlanId}/edit";
        var form = await ReadFormAsync(_client, url);
        var current = await _client.GetAsync($"/api/plans/{DemoPlanId}");
        var meanwhile = (await current.ReadJsonAsync()).AsObject();
        meanwhile["title"] = "Ändrad av någon annan";
        foreach (var key in new[] { "id", "year" }) meanwhile.Remove(key);
        var put = await _client.SendAsync(HttpMethod.Put, $"/api/plans/{DemoPlanId}", Json(meanwhile.ToJsonString()), current.Headers.ETag!.Tag);
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        form["Input.Title"] = "Min titel";

        var (response, html) = await PostAsync(_client, url, form);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone else changed the plan meanwhile", html);
        var shown = Form.Parse(html);
        Assert.Equal("Ändrad av någon annan", shown["Input.Title"]);
        Assert.Equal(put.Headers.ETag!.Tag, shown["Input.Version"]);
        var plan = await (await _client.GetAsync($"/api/plans/{DemoPlanId}")).ReadJsonAsync();
        Assert.Equal("Ändrad av någon annan", (string?)plan["title"]);
    }

    [Fact]
    public async Task Someone_who_is_no_communicator_is_refused_the_forms_with_the_reason_and_gets_no_links()
    {
        await using var strangerApp = new AppFactory(new Dictionary<string, string?> { ["DevIdentity:ObjectId"] = Stranger.ToString() }, _app.Folder)
        {
            DeleteFolderOnDispose = false,
            ConfigureTestServices = services => services.AddSingleton(new AccessOptions()),
        };
        var stranger = Client(strangerApp);
        var newForm = await stranger.GetAsync("/plans/new");
        var editForm = await stranger.GetAsync($"/plans/{DemoPlanId}/edit");
        var startPage = await stranger.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, newForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, editForm.StatusCode);
        foreach (var html in new[] { await newForm.Content.ReadAsStringAsync(), await editForm.Content.ReadAsStringAsync() })
        {
            Assert.Contains("Only the plan’s communicators may do this.", html);
            Assert.DoesNotContain("<form", html);
        }
        Assert.DoesNotContain("data-testid=\"plan-actions\"", startPage);
        Assert.DoesNotContain("/plans/new", startPage);
        var communicatorStart = await _client.GetStringAsync("/");
        Assert.Contains("href=\"/plans/new\"", communicatorStart);
        Assert.Contains($"href=\"/plans/{DemoPlanId}/edit\"", communicatorStart);
    }

    [Fact]
    public async Task A_post_by_someone_no_longer_a_communicator_is_refused_by_the_application_with_the_reason()
    {
        await using var strangerApp = new AppFactory(new Dictionary<string, string?> { ["DevIdentity:ObjectId"] = Stranger.ToString() }, _app.Folder)
        {
            DeleteFolderOnDispose = false,
            ConfigureTestServices = services => services.AddSingleton(new AccessOptions()),
        };
        var stranger = Client(strangerApp);
        var roles = $"/api/plans/{DemoPlanId}/roles";
        var given = await _client.SendAsync(HttpMethod.Post, roles,
            Json(new { principalId = Stranger, kind = "user", role = "communicator", displayName = "Sara Ek" }), "*");
        Assert.True(given.IsSuccessStatusCode, await given.Content.ReadAsStringAsync());
        var form = await ReadFormAsync(stranger, "/plans/new");
        form["Input.Year"] = "2027";
        form["Input.Organisation"] = "Piteå kommun";
        form["Input.Department"] = "Kultur och fritid";
        form["Input.Title"] = "Kommunikationsplan 2027";
        var taken = await _client.SendAsync(HttpMethod.Delete, $"{roles}/{Stranger}/communicator", null, "*");
        Assert.True(taken.IsSuccessStatusCode, await taken.Content.ReadAsStringAsync());

        var (response, html) = await PostAsync(stranger, "/plans/new", form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Only the plan’s communicators may do this.", html);
        Assert.Single((await (await _client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray());
    }

    /// <summary>A form's fields as a browser would post them: text and hidden inputs, and checked checkboxes.</summary>
    private sealed partial class Form
    {
        public List<KeyValuePair<string, string>> Fields { get; } = [];

        public string this[string name]
        {
            get => Fields.Single(f => f.Key == name).Value;
            set
            {
                Fields.RemoveAll(f => f.Key == name);
                Fields.Add(new(name, value));
            }
        }

        /// <summary>The row number of the entry with this name in one list of the form.</summary>
        public int RowOf(string list, string name) =>
            int.Parse(Regex.Match(Fields.Single(f => f.Key.StartsWith($"Input.{list}[", StringComparison.Ordinal) && f.Value == name).Key, "\\[(\\d+)\\]").Groups[1].Value);

        public static Form Parse(string html)
        {
            var form = new Form();
            foreach (Match input in InputTag().Matches(html))
            {
                var tag = input.Value;
                var name = Attribute(tag, "name");
                if (name is null) continue;
                var type = Attribute(tag, "type") ?? "text";
                if (type == "checkbox" && !tag.Contains(" checked", StringComparison.Ordinal)) continue;
                form.Fields.Add(new(name, Attribute(tag, "value") ?? ""));
            }
            return form;
        }

        private static string? Attribute(string tag, string name)
        {
            var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
            return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
        }

        [GeneratedRegex("<input\\b[^>]*>", RegexOptions.Singleline)]
        private static partial Regex InputTag();
    }
}
