using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Access;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.Plans;

/// <summary>
/// A communicator starts a plan, keeps its vocabularies, carries it into next year and fills it from a file, through
/// the API, on each store; someone who is no communicator is refused each of these.
/// </summary>
public abstract partial class PlanAdminScenarios : IAsyncLifetime
{
    /// <summary>Someone in the organisation with no role in any plan.</summary>
    protected static readonly Guid Stranger = new("e1111111-2222-4333-8444-555555555555");

    protected AppFactory App { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The host on this store, signed in as the dev user (a bootstrap communicator).</summary>
    protected abstract Task<AppFactory> StartAsync();

    /// <summary>A second host on the same store, signed in as <see cref="Stranger"/>, with no bootstrap communicators.</summary>
    protected abstract AppFactory StartAsStranger();

    /// <summary>Called after the arrange part of a test, so that a store can start counting what it is sent.</summary>
    protected virtual void ResetRequestLog() { }

    public virtual async Task InitializeAsync()
    {
        App = await StartAsync();
        Client = App.CreateClient();
        Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    protected static Action<IServiceCollection> AsStranger => services => services.AddSingleton(new AccessOptions());

    protected static Dictionary<string, string?> StrangerIdentity => new() { ["DevIdentity:ObjectId"] = Stranger.ToString() };

    protected async Task<(string Id, string ETag)> CreatePlanAsync(int year = 2027)
    {
        var created = await Client.PostAsync("/api/plans", Json(NewPlan(year)));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return ((string)(await created.ReadJsonAsync())["id"]!, created.Headers.ETag!.Tag);
    }

    protected async Task<JsonArray> ActivitiesAsync(string planId)
    {
        var response = await Client.GetAsync($"/api/plans/{planId}/activities");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    [Fact]
    public async Task A_communicator_creates_a_plan_which_is_listed_current_and_takes_activities_with_its_creator_as_communicator()
    {
        var created = await Client.PostAsync("/api/plans", Json(NewPlan(2026)));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        Assert.Equal($"/api/plans/{id}", created.Headers.Location!.OriginalString);
        Assert.NotNull(created.Headers.ETag);
        Assert.Contains((await (await Client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray(), p => (string?)p!["id"] == id);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(created.Headers.Location)).StatusCode);
        var activity = await Client.PostAsync($"/api/plans/{id}/activities", Json(Activity()));
        Assert.Equal(HttpStatusCode.Created, activity.StatusCode);
        Assert.Single(await ActivitiesAsync(id));
        var roles = await (await Client.GetAsync($"/api/plans/{id}/roles")).ReadJsonAsync();
        var role = Assert.Single(roles["items"]!.AsArray());
        Assert.Equal(("Anna Lindqvist", "communicator"), ((string?)role!["displayName"], (string?)role["role"]));
    }

    [Fact]
    public async Task A_second_plan_for_the_same_year_and_department_is_409_and_a_bad_plan_400_naming_every_field()
    {
        await CreatePlanAsync();

        var again = await Client.PostAsync("/api/plans", Json(NewPlan()));
        var bad = await Client.PostAsync("/api/plans", Json(new
        {
            year = 1999, organisation = "", department = "Avd", title = "Plan",
            channels = new[] { new { key = "webb", name = "Webb" }, new { key = "webb", name = "Webben" }, new { key = "Bad Key", name = "X" } },
        }));
        var nullEntry = await Client.PostAsync("/api/plans", Json("""{"year": 2027, "organisation": "P", "department": "A", "title": "T", "units": [null]}"""));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadJsonAsync())["codes"]!.AsObject();
        Assert.Equal(["year", "organisation", "channels[1].key", "channels[2].key"], errors.Select(e => e.Key).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, nullEntry.StatusCode);
        Assert.Equal("required", (string?)(await nullEntry.ReadJsonAsync())["codes"]!["units[0]"]![0]);
    }

    [Fact]
    public async Task Renaming_a_channel_keeps_its_activities_and_a_channel_in_use_cannot_be_removed()
    {
        var (id, etag) = await CreatePlanAsync();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/api/plans/{id}/activities", Json(Activity($"Öppet hus {i}")))).StatusCode);

        var renamed = await Client.SendAsync(HttpMethod.Put, $"/api/plans/{id}", Json(Vocabulary(2027, [("webb", "Webbplatsen pitea.se"), ("facebook", "Facebook")])), etag);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var plan = await (await Client.GetAsync($"/api/plans/{id}")).ReadJsonAsync();
        Assert.Contains(plan["channels"]!.AsArray(), c => (string?)c!["key"] == "webb" && (string?)c["name"] == "Webbplatsen pitea.se");
        Assert.All(await ActivitiesAsync(id), a => Assert.Equal(["webb"], a!["channels"]!.AsArray().Select(c => (string)c!).ToArray()));

        var removed = await Client.SendAsync(HttpMethod.Put, $"/api/plans/{id}", Json(Vocabulary(2027, [("facebook", "Facebook")])), renamed.Headers.ETag!.Tag);
        var stale = await Client.SendAsync(HttpMethod.Put, $"/api/plans/{id}", Json(Vocabulary(2027, [("webb", "Webb"), ("facebook", "Facebook")])), etag);
        var unversioned = await Client.SendAsync(HttpMethod.Put, $"/api/plans/{id}", Json(Vocabulary(2027, [("webb", "Webb"), ("facebook", "Facebook")])));

        Assert.Equal(HttpStatusCode.BadRequest, removed.StatusCode);
        var problem = await removed.ReadJsonAsync();
        Assert.Equal("in_use", (string?)problem["codes"]!["channels[webb]"]![0]);
        Assert.Contains("2 activities", (string?)problem["errors"]!["channels[webb]"]![0]);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(renamed.Headers.ETag!.Tag, (string?)(await stale.ReadJsonAsync())["currentETag"]);
        Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);
        Assert.Equal("Webbplatsen pitea.se", (string?)(await (await Client.GetAsync($"/api/plans/{id}")).ReadJsonAsync())["channels"]![0]!["name"]);
    }

    [Fact]
    public async Task Next_years_plan_takes_the_recurring_activities_and_the_chosen_one_offs_moved_a_year_with_their_owners()
    {
        var (id, _) = await CreatePlanAsync(2028);
        async Task<string> AddAsync(object activity)
        {
            var response = await Client.PostAsync($"/api/plans/{id}/activities", Json(activity));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (string)(await response.ReadJsonAsync())["id"]!;
        }
        var owner = new { objectId = "9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03", displayName = "Maria Öberg" };
        await AddAsync(new { title = "Personaltidningen", unit = "vux", schedule = "4 ggr/år", owner, status = "inProgress" });
        await AddAsync(new { title = "Skottdagsfika", unit = "repris", period = new { from = "2028-02-29", to = "2028-02-29" }, recurrence = new { kind = "specificMonths", months = new[] { 2 } } });
        await AddAsync(new { title = "Löpande annonsering", unit = "vux", schedule = "löpande" });
        var chosen = await AddAsync(new { title = "Vårrensning", unit = "repris", schedule = "maj", owner });
        await AddAsync(new { title = "Jubileum", unit = "repris", schedule = "okt" });

        var carried = await Client.PostAsync($"/api/plans/{id}/next-year", Json(new { oneOffs = new[] { chosen } }));

        Assert.True(carried.StatusCode == HttpStatusCode.Created, await carried.Content.ReadAsStringAsync());
        var body = await carried.ReadJsonAsync();
        Assert.Equal(4, (int?)body["activities"]);
        Assert.Equal(2029, (int?)body["plan"]!["year"]);
        Assert.Equal("Kommunikationsplan 2029", (string?)body["plan"]!["title"]);
        var next = (string)body["plan"]!["id"]!;
        Assert.Equal($"/api/plans/{next}", carried.Headers.Location!.OriginalString);
        var rows = (await ActivitiesAsync(next)).ToDictionary(a => (string)a!["title"]!, a => a!);
        Assert.Equal(["Löpande annonsering", "Personaltidningen", "Skottdagsfika", "Vårrensning"], rows.Keys.Order().ToArray());
        Assert.All(rows.Values, a => Assert.Equal("planned", (string?)a["status"]));
        Assert.Equal("2029-02-28", (string?)rows["Skottdagsfika"]["period"]!["from"]);
        Assert.Equal("2029-05-01", (string?)rows["Vårrensning"]["period"]!["from"]);
        Assert.Equal("Maria Öberg", (string?)rows["Personaltidningen"]["owner"]!["displayName"]);
        Assert.Equal(4, rows["Personaltidningen"]["occurrences"]!.AsArray().Count);
        var roles = await (await Client.GetAsync($"/api/plans/{next}/roles")).ReadJsonAsync();
        Assert.Contains(roles["items"]!.AsArray(), r => (string?)r!["role"] == "communicator");

        var twice = await Client.PostAsync($"/api/plans/{id}/next-year", Json(new { }));
        var unknown = await Client.PostAsync($"/api/plans/{id}/next-year", Json(new { year = 2030, oneOffs = new[] { Guid.NewGuid() } }));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("unknown_reference", (string?)(await unknown.ReadJsonAsync())["codes"]!["oneOffs[0]"]![0]);
    }

    [Fact]
    public async Task A_good_file_is_imported_whole_and_the_same_file_again_changes_nothing()
    {
        var (id, _) = await CreatePlanAsync();
        var file = GoodFile(24);
        ResetRequestLog();

        var dry = await Client.PostAsync($"/api/plans/{id}/import?dryRun=true", Xlsx(file));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(24, (int?)(await dry.ReadJsonAsync())["added"]);
        Assert.Empty(await ActivitiesAsync(id));

        var first = await Client.PostAsync($"/api/plans/{id}/import", Xlsx(file));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var report = await first.ReadJsonAsync();
        Assert.Equal((24, 24, 0), ((int)report["rows"]!, (int)report["added"]!, (int)report["alreadyInPlan"]!));
        var rows = await ActivitiesAsync(id);
        Assert.Equal(24, rows.Count);
        var magazine = rows.Single(a => (string?)a!["title"] == "Aktivitet 1")!;
        Assert.Equal("maria.oberg@pitea.example", (string?)magazine["owner"]!["email"]);
        Assert.Equal(4, magazine["occurrences"]!.AsArray().Count);
        Assert.Equal("2027-03-22", (string?)rows.Single(a => (string?)a!["title"] == "Aktivitet 2")!["period"]!["from"]);
        Assert.Contains("Kommunikatör", (string?)rows.Single(a => (string?)a!["title"] == "Aktivitet 3")!["description"]);
        AssertWrittenInBatches(24);

        var again = await Client.PostAsync($"/api/plans/{id}/import", Form(file));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.ReadJsonAsync();
        Assert.Equal((0, 24), ((int)second["added"]!, (int)second["alreadyInPlan"]!));
        Assert.Equal(24, (await ActivitiesAsync(id)).Count);
    }

    /// <summary>What the store was sent for <paramref name="rows"/> new activities, where it can be seen.</summary>
    protected virtual void AssertWrittenInBatches(int rows) { }

    [Fact]
    public async Task A_file_with_bad_cells_writes_nothing_and_names_each_row_and_column()
    {
        var (id, _) = await CreatePlanAsync();
        var file = Workbook([
            Row("maj", "vux", "Öppet hus", "webb", "Allmänhet"),
            Row("någon gång", "vux", "Temadag", "webb"),
            Row("okt", "Bibliotek", "Bokcirkel", "webb, tiktok", "Pensionärer"),
            Row("v. 12", "repris", ""),
        ]);

        var response = await Client.PostAsync($"/api/plans/{id}/import", Form(file));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.ReadJsonAsync())["codes"]!.AsObject();
        Assert.Equal("unreadable_time", (string?)codes["rows[3].Tid"]![0]);
        Assert.Contains("någon gång", (string?)(await response.ReadJsonAsync())["errors"]!["rows[3].Tid"]![0]);
        Assert.Equal("unknown_reference", (string?)codes["rows[4].Verksamhet"]![0]);
        Assert.Equal("unknown_reference", (string?)codes["rows[4].Möjliga enheter"]![0]);
        Assert.Equal("unknown_reference", (string?)codes["rows[4].Mål/Målgrupp"]![0]);
        Assert.Equal("required", (string?)codes["rows[5].Aktivitet"]![0]);
        Assert.False(codes.ContainsKey("rows[2].Tid"));
        Assert.Empty(await ActivitiesAsync(id));

        var notExcel = await Client.PostAsync($"/api/plans/{id}/import", Xlsx("not a workbook"u8.ToArray()));
        var json = await Client.PostAsync($"/api/plans/{id}/import", Json(new { }));
        Assert.Equal(HttpStatusCode.BadRequest, notExcel.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task Someone_who_is_no_communicator_cannot_create_revise_carry_forward_or_import_and_nothing_changes()
    {
        var (id, etag) = await CreatePlanAsync();
        await using var strangerApp = StartAsStranger();
        var stranger = strangerApp.CreateClient();

        var create = await stranger.PostAsync("/api/plans", Json(NewPlan(2030)));
        var revise = await stranger.SendAsync(HttpMethod.Put, $"/api/plans/{id}", Json(Vocabulary(2027, [("webb", "Webb")])), etag);
        var next = await stranger.PostAsync($"/api/plans/{id}/next-year", Json(new { }));
        var import = await stranger.PostAsync($"/api/plans/{id}/import", Xlsx(GoodFile(2)));

        Assert.All(new[] { create, revise, next, import }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("CommunicatorsOnly", (string?)(await create.ReadJsonAsync())["reason"]);
        var plans = (await (await Client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray();
        Assert.DoesNotContain(plans, p => (int?)p!["year"] is 2028 or 2030);
        Assert.Empty(await ActivitiesAsync(id));
        Assert.Equal(2, (await (await Client.GetAsync($"/api/plans/{id}")).ReadJsonAsync())["channels"]!.AsArray().Count);
    }
}

/// <summary>The scenarios on the embedded default: a SQLite file.</summary>
public sealed class SqlitePlanAdminTests : PlanAdminScenarios
{
    protected override Task<AppFactory> StartAsync() => Task.FromResult(new AppFactory());

    protected override AppFactory StartAsStranger() =>
        new(StrangerIdentity, App.Folder) { DeleteFolderOnDispose = false, ConfigureTestServices = AsStranger };

    protected override AppFactory StartAsOutsider() =>
        new(null, App.Folder) { DeleteFolderOnDispose = false, ConfigureTestServices = AsOutsider };
}
