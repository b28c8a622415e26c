using System.Net;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Host.Tests.Tab;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.People;

/// <summary>
/// The owner picker's search of the organisation's people, with Microsoft 365 configured: through the API and the
/// form's own handler, on the loopback Graph's directory (GET /users with $search and ConsistencyLevel: eventual).
/// </summary>
public sealed class PeopleSearchTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private static readonly Guid Anna = new("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01");
    private static readonly Guid Annika = new("2c9d1e0f-7b8a-4c6d-8e5f-3a2b1c0d9e8f");
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;
    private AppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        // The site by a Sites.Selected grant, the organisation's users by the directory permission the picker needs.
        _tokens.AppRoles = ["Sites.Selected", "User.Read.All"];
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        _graph.AddDirectoryPerson(Anna, "Anna Lindqvist", "anna.lindqvist@pitea.example");
        _graph.AddDirectoryPerson(Annika, "Annika Ström", "annika.strom@pitea.example");
        _graph.AddDirectoryPerson(Guid.NewGuid(), "Erik Berg", "erik.berg@pitea.example");
        _app = new AppFactory(new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = _tokens.ClientSecret,
            ["SharePoint:Organisation"] = "Piteå kommun",
        })
        {
            ConfigureTestServices = services =>
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler),
        };
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    [Fact]
    public async Task Part_of_a_name_finds_the_people_it_starts_a_word_of_with_id_name_and_mail_asking_graph_with_consistency_level_eventual()
    {
        var response = await _client.GetAsync("/api/people?search=ann");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var people = (await response.ReadJsonAsync()).AsArray();
        Assert.Equal([(Anna.ToString(), "Anna Lindqvist", "anna.lindqvist@pitea.example"), (Annika.ToString(), "Annika Ström", "annika.strom@pitea.example")],
            people.Select(p => ((string)p!["id"]!, (string)p["name"]!, (string?)p["mail"])).ToArray());
        var asked = Assert.Single(_graph.Requests, r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v1.0/users?", StringComparison.Ordinal));
        Assert.Equal("eventual", asked.Headers["ConsistencyLevel"]);
        Assert.Contains("\"displayName:ann\" OR \"mail:ann\"", Uri.UnescapeDataString(asked.PathAndQuery.Replace('+', ' ')));
    }

    [Fact]
    public async Task A_search_that_finds_no_one_answers_an_empty_list_and_a_single_letter_asks_nobody()
    {
        var none = await _client.GetAsync("/api/people?search=zorro");
        var single = await _client.GetAsync("/api/people?search=a");

        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Empty((await none.ReadJsonAsync()).AsArray());
        Assert.Empty((await single.ReadJsonAsync()).AsArray());
        Assert.Single(_graph.Requests, r => r.PathAndQuery.StartsWith("/v1.0/users?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_graph_throttles_is_answered_at_once_with_503_and_when_to_try_again()
    {
        _graph.ThrottleNext(10, TimeSpan.FromMinutes(2));

        var response = await _client.GetAsync("/api/people?search=ann");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        var problem = await response.ReadJsonAsync();
        Assert.Equal(503, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
    }

    [Fact]
    public async Task The_forms_search_answers_the_same_people_and_tells_a_throttled_search_as_such()
    {
        var id = await CreateActivityAsync(new { objectId = "ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04", displayName = "Johan Berg" });
        var handler = $"/plans/{DemoPlanId}/activities/{id}/edit?handler=people&culture=en&search=";
        var page = await (await _client.GetAsync($"/plans/{DemoPlanId}/activities/{id}/edit?culture=en")).Content.ReadAsStringAsync();
        Assert.Contains("data-people-search", page);
        Assert.Contains("/js/owner-picker.js", page);

        var found = await _client.GetAsync(handler + "lindq");
        _graph.ThrottleNext(10, TimeSpan.FromMinutes(2));
        var throttled = await _client.GetAsync(handler + "anna");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(Anna.ToString(), (string)Assert.Single((await found.ReadJsonAsync()).AsArray())!["id"]!);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, throttled.StatusCode);
        // Whichever Graph call of the request was throttled (the plan's lists or the directory), it says when to try again.
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
    }

    [Fact]
    public async Task A_person_picked_from_the_directory_is_stored_as_owner_with_object_id_and_mail()
    {
        var id = await CreateActivityAsync(new { objectId = "ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04", displayName = "Johan Berg" });
        var form = await ReadFormAsync(id);
        form["Input.Owner"] = Anna.ToString();

        var response = await _client.PostAsync(EditUrl(id), form.Content());

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var owner = (await (await _client.GetAsync($"{Activities}/{id}")).ReadJsonAsync())["owner"]!;
        Assert.Equal((Anna.ToString(), "Anna Lindqvist", "anna.lindqvist@pitea.example"),
            ((string?)owner["objectId"], (string?)owner["displayName"], (string?)owner["email"]));
    }

    [Fact]
    public async Task An_owner_known_only_by_email_is_linked_to_their_object_id_once_the_directory_finds_them()
    {
        var id = await CreateActivityAsync(new { displayName = "Anna L.", email = "Anna.Lindqvist@pitea.example" });
        var form = await ReadFormAsync(id);
        Assert.Equal("email:Anna.Lindqvist@pitea.example", form["Input.Owner"]);

        var response = await _client.PostAsync(EditUrl(id), form.Content());

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var owner = (await (await _client.GetAsync($"{Activities}/{id}")).ReadJsonAsync())["owner"]!;
        Assert.Equal((Anna.ToString(), "Anna Lindqvist"), ((string?)owner["objectId"], (string?)owner["displayName"]));
    }

    [Fact]
    public async Task A_made_up_object_id_is_not_taken_as_owner_when_the_directory_has_no_such_person()
    {
        var id = await CreateActivityAsync(new { objectId = "ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04", displayName = "Johan Berg" });
        var form = await ReadFormAsync(id);
        form["Input.Owner"] = Guid.NewGuid().ToString();

        var response = await _client.PostAsync(EditUrl(id), form.Content());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Johan Berg", (string?)(await (await _client.GetAsync($"{Activities}/{id}")).ReadJsonAsync())["owner"]!["displayName"]);
    }

    private static string EditUrl(Guid id) => $"/plans/{DemoPlanId}/activities/{id}/edit?culture=en";

    private async Task<HtmlForm> ReadFormAsync(Guid id)
    {
        var response = await _client.GetAsync(EditUrl(id));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET edit: {response.StatusCode}\n{html}");
        return HtmlForm.Parse(html);
    }

    private async Task<Guid> CreateActivityAsync(object owner)
    {
        var body = NewActivity();
        body["owner"] = owner;
        var created = await _client.PostAsync(Activities, Json(body));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return Guid.Parse((string)(await created.ReadJsonAsync())["id"]!);
    }
}

/// <summary>Without Microsoft 365 there is no directory to search: the form offers the plan's people only.</summary>
public sealed class PeopleSearchWithoutDirectoryTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task On_the_embedded_default_people_search_is_not_found_and_the_form_has_no_search()
    {
        var client = _app.CreateClient();
        var id = (string)(await client.ListAsync())[0]!["id"]!;

        var api = await client.GetAsync("/api/people?search=ann");
        var page = await (await client.GetAsync($"/plans/{DemoPlanId}/activities/{id}/edit?culture=en")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Contains("data-testid=\"owner-picker\"", page);
        Assert.DoesNotContain("data-people-search", page);
    }
}
