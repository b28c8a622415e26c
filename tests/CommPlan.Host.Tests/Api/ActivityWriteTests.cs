using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

public sealed class ActivityWriteTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(JsonNode Body, string ETag, string Location)> CreateAsync(Dictionary<string, object?>? body = null)
    {
        var response = await _client.PostAsync(Activities, Json(body ?? NewActivity()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync(), response.Headers.ETag!.Tag, response.Headers.Location!.OriginalString);
    }

    private async Task AssertNothingWrittenAsync() => Assert.Equal(19, (await _client.ListAsync()).Count);

    [Fact]
    public async Task A_created_activity_is_stored_and_served_with_its_etag()
    {
        var (body, etag, location) = await CreateAsync();

        Assert.Equal("Pressträff om sommarjobb", (string?)body["title"]);
        Assert.Equal("planned", (string?)body["status"]);
        Assert.Equal("2026-12-10", (string?)body["deadline"]);
        var read = await _client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.Tag);
        Assert.Equal(20, (await _client.ListAsync()).Count);
    }

    [Fact]
    public async Task An_owner_is_taken_by_object_id_or_by_e_mail_and_served_with_both()
    {
        var body = NewActivity("Ny ägare");
        body["owner"] = new Dictionary<string, object?> { ["displayName"] = "Kim Lundgren", ["email"] = "kim.lundgren@pitea.example" };

        var (created, _, _) = await CreateAsync(body);

        Assert.Null((string?)created["owner"]!["objectId"]);
        Assert.Equal("Kim Lundgren", (string?)created["owner"]!["displayName"]);
        Assert.Equal("kim.lundgren@pitea.example", (string?)created["owner"]!["email"]);
    }

    [Fact]
    public async Task A_schedule_written_as_people_write_it_becomes_occurrences()
    {
        var body = NewActivity("Blogginlägg");
        body.Remove("period");
        body.Remove("deadline");
        body["schedule"] = "maj och okt";

        var (created, _, _) = await CreateAsync(body);

        Assert.Equal("specificMonths", (string?)created["recurrence"]!["kind"]);
        Assert.Equal(["2026-05-31", "2026-10-31"], created["occurrences"]!.AsArray().Select(o => (string?)o!["deadline"]));
        Assert.True((bool)created["isLate"]!, "both occurrences are past on 23 November and still open");
    }

    [Fact]
    public async Task Every_bad_field_is_named_and_nothing_is_written()
    {
        var body = NewActivity();
        body["title"] = new string('x', 201);
        body["unit"] = "no-such-unit";
        body["channels"] = new[] { "webb", "telex" };
        body["deadline"] = "2026-11-01";

        var response = await _client.PostAsync(Activities, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["channels[1]", "deadline", "title", "unit"], errors.Select(e => e.Key).Order());
        Assert.Equal("At most 200 characters.", (string?)errors["title"]![0]);
        Assert.Equal("deadline_before_period", (string?)problem["codes"]!["deadline"]![0]);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Errors_are_explained_in_the_readers_language()
    {
        var body = NewActivity();
        body["title"] = "";
        var request = new HttpRequestMessage(HttpMethod.Post, Activities) { Content = Json(body) };
        request.Headers.AcceptLanguage.ParseAdd("sv-SE");

        var problem = await (await _app.CreateClient().SendAsync(request)).ReadJsonAsync();

        Assert.Equal("Uppgifterna innehåller fel.", (string?)problem["title"]);
        Assert.Equal("Fältet måste fyllas i.", (string?)problem["errors"]!["title"]![0]);
    }

    [Fact]
    public async Task Errors_are_explained_in_norwegian_to_a_norwegian_reader()
    {
        var body = NewActivity();
        body["title"] = "";
        var request = new HttpRequestMessage(HttpMethod.Post, Activities) { Content = Json(body) };
        request.Headers.AcceptLanguage.ParseAdd("nb-NO");

        var response = await _app.CreateClient().SendAsync(request);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Opplysningene inneholder feil.", (string?)problem["title"]);
        Assert.Equal("Feltet må fylles ut.", (string?)problem["errors"]!["title"]![0]);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("{\"title\": \"x\", ", "$")]
    [InlineData("not json", "$")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-02-30\",\"to\":\"2026-03-01\"}}", "period.from")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-02-01\",\"to\":\"2026-03-01\"},\"deadline\":\"next week\"}", "deadline")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-02-01\",\"to\":\"2026-03-01\"},\"priority\":\"high\"}", "priority")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-02-01\",\"to\":\"2026-03-01\",\"until\":\"x\"}}", "period.until")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-02-01\",\"to\":\"2026-03-01\"},\"status\":\"finished\"}", "status")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-02-01\",\"to\":\"2026-03-01\"},\"status\":2}", "status")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2025-12-01\",\"to\":\"2026-03-01\"}}", "period.from")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"period\":{\"from\":\"2026-04-01\",\"to\":\"2026-03-01\"}}", "period.to")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"schedule\":\"någon gång\"}", "schedule")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\"}", "period")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"schedule\":\"maj\",\"status\":\"inProgress\"}", "owner")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"schedule\":\"maj\",\"owner\":{\"objectId\":\"not-a-guid\",\"displayName\":\"A\"}}", "owner.objectId")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"schedule\":\"maj\",\"owner\":{\"displayName\":\"A\"}}", "owner.objectId")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"schedule\":\"maj\",\"owner\":{\"displayName\":\"A\",\"email\":\"a at pitea\"}}", "owner.email")]
    [InlineData("{\"title\":\"Ok\",\"unit\":\"vlc\",\"schedule\":\"löpande\",\"recurrence\":{\"kind\":\"timesPerYear\",\"count\":0}}", "recurrence.count")]
    public async Task Malformed_input_is_a_400_naming_the_field_and_nothing_is_written(string json, string field)
    {
        var response = await _client.PostAsync(Activities, Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error on '{field}', got: {errors.ToJsonString()}");
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var body = NewActivity();
        body["description"] = new string('x', 70_000);

        var response = await _client.PostAsync(Activities, Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task A_description_over_the_limit_but_under_the_body_size_is_400()
    {
        var body = NewActivity();
        body["description"] = new string('x', 4001);

        var response = await _client.PostAsync(Activities, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["description"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var response = await _client.PostAsync(Activities, new StringContent("title=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task An_update_with_the_current_etag_succeeds_and_a_stale_one_is_412()
    {
        var (_, etag, location) = await CreateAsync();
        var change = NewActivity();
        change["status"] = "inProgress";

        var first = await _client.SendAsync(HttpMethod.Put, location, Json(change), etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var newETag = first.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newETag);

        change["status"] = "cancelled";
        var stale = await _client.SendAsync(HttpMethod.Put, location, Json(change), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await stale.ReadJsonAsync();
        Assert.Equal(newETag, (string?)problem["currentETag"]);

        var now = await (await _client.GetAsync(location)).ReadJsonAsync();
        Assert.Equal("inProgress", (string?)now["status"]);
    }

    [Fact]
    public async Task An_update_without_if_match_is_428()
    {
        var (_, _, location) = await CreateAsync();

        var response = await _client.SendAsync(HttpMethod.Put, location, Json(NewActivity("Ändrad")));

        Assert.Equal((HttpStatusCode)428, response.StatusCode);
        Assert.Equal("Pressträff om sommarjobb", (string?)(await (await _client.GetAsync(location)).ReadJsonAsync())["title"]);
    }

    [Fact]
    public async Task A_done_activity_keeps_its_completion_date()
    {
        var (_, etag, location) = await CreateAsync();
        var done = NewActivity();
        done["status"] = "done";
        done["completedOn"] = "2026-11-20";
        var first = await _client.SendAsync(HttpMethod.Put, location, Json(done), etag);
        Assert.Equal("2026-11-20", (string?)(await first.ReadJsonAsync())["completedOn"]);

        done["completedOn"] = "2026-11-22";
        done["title"] = "Pressträff om sommarjobb (rättad)";
        var second = await _client.SendAsync(HttpMethod.Put, location, Json(done), first.Headers.ETag!.Tag);

        var body = await second.ReadJsonAsync();
        Assert.Equal("Pressträff om sommarjobb (rättad)", (string?)body["title"]);
        Assert.Equal("2026-11-20", (string?)body["completedOn"]);
    }

    [Fact]
    public async Task A_delete_needs_the_etag_and_then_the_activity_is_gone()
    {
        var (_, etag, location) = await CreateAsync();

        Assert.Equal((HttpStatusCode)428, (await _client.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _client.SendAsync(HttpMethod.Delete, location, null, "\"999\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, location, null, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task A_follow_up_figure_is_recorded()
    {
        var (_, etag, location) = await CreateAsync();

        var response = await _client.SendAsync(HttpMethod.Post, location + "/figures", Json(new { value = 7, note = "Sju artiklar" }), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var figure = (await response.ReadJsonAsync())["followUpFigures"]![0]!;
        Assert.Equal(7m, (decimal)figure["value"]!);
        Assert.Equal("2026-11-23", (string?)figure["recordedOn"]);
    }

    [Fact]
    public async Task A_figure_or_an_occurrence_written_without_if_match_is_428_and_nothing_changes()
    {
        var items = await _client.ListAsync("?unit=repris&status=late");
        var mobile = items.Single(a => (string?)a!["title"] == "Mobila återvinningscentralen")!;
        var location = $"{Activities}/{(string?)mobile["id"]}";

        var figure = await _client.SendAsync(HttpMethod.Post, location + "/figures", Json(new { value = 7 }));
        var occurrence = await _client.SendAsync(HttpMethod.Put, location + "/occurrences/2026-10-31", Json(new { status = "done", completedOn = "2026-10-30" }));

        Assert.Equal((HttpStatusCode)428, figure.StatusCode);
        Assert.Equal((HttpStatusCode)428, occurrence.StatusCode);
        var after = await (await _client.GetAsync(location)).ReadJsonAsync();
        Assert.Equal((string?)mobile["eTag"], (string?)after["eTag"]);
        Assert.Equal(mobile["followUpFigures"]!.ToJsonString(), after["followUpFigures"]!.ToJsonString());
    }

    [Fact]
    public async Task An_occurrence_is_marked_done_on_its_own()
    {
        var items = await _client.ListAsync("?unit=repris&status=late");
        var mobile = items.Single(a => (string?)a!["title"] == "Mobila återvinningscentralen")!;
        var location = $"{Activities}/{(string?)mobile["id"]}";

        var response = await _client.SendAsync(HttpMethod.Put, location + "/occurrences/2026-10-31",
            Json(new { status = "done", completedOn = "2026-10-30" }), (string?)mobile["eTag"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("done", (string?)body["status"]);
        Assert.False((bool)body["isLate"]!);
        Assert.Equal("2026-10-30", (string?)body["completedOn"]);
    }

    [Fact]
    public async Task The_plan_survives_a_restart_and_the_demo_is_not_added_twice()
    {
        var (_, _, location) = await CreateAsync();
        await using var restarted = new AppFactory(folder: _app.Folder) { DeleteFolderOnDispose = false };
        var client = restarted.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);
        Assert.Equal(20, (await client.ListAsync()).Count);
        Assert.Single((await (await client.GetAsync("/api/plans")).ReadJsonAsync()).AsArray());
    }
}
