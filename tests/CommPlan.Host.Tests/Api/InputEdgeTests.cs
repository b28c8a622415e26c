using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

/// <summary>The API's edges: what is JSON, which text is taken, and what a body may not say twice or out of turn.</summary>
public sealed class InputEdgeTests : IAsyncLifetime
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

    private static string Body(Dictionary<string, object?>? body = null) =>
        System.Text.Json.JsonSerializer.Serialize(body ?? NewActivity(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));

    private Task<HttpResponseMessage> PostAsync(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return _client.PostAsync(Activities, content);
    }

    private static async Task<string[]> CodesAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.NotNull(problem["errors"]?[field]);
        return problem["codes"]![field]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=\"UTF-8\"")]
    [InlineData("application/vnd.commplan.activity+json")]
    public async Task Json_is_taken_with_its_parameters_and_structured_json_types(string contentType) =>
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Body(), contentType)).StatusCode);

    [Theory]
    [InlineData("application/jsonx")]
    [InlineData("application/json-seq")]
    [InlineData("application/+json")]
    [InlineData("text/json")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task A_type_that_only_looks_like_json_is_415_and_nothing_is_written(string contentType)
    {
        var response = await PostAsync(Body(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(19, (await _client.ListAsync()).Count);
    }

    [Theory]
    [InlineData("Press\u0000träff")]
    [InlineData("Press\u001b[31mträff")]
    [InlineData("Press\u0007träff")]
    [InlineData("Press\u007fträff")]
    public async Task A_title_with_a_control_character_is_refused_naming_the_field(string title)
    {
        var body = NewActivity(title);
        body["followUpMetric"] = "Antal\u0000artiklar";

        var response = await PostAsync(Body(body));

        Assert.Equal(["control_character"], await CodesAsync(response, "title"));
        Assert.Equal(19, (await _client.ListAsync()).Count);
    }

    [Fact]
    public async Task Every_field_with_a_control_character_is_named_at_once_in_the_readers_language()
    {
        var body = NewActivity("Press\u0000träff");
        body["description"] = "Rad ett\u0001";
        body["followUpMetric"] = "Antal\u0000artiklar";
        var request = new HttpRequestMessage(HttpMethod.Post, Activities) { Content = new StringContent(Body(body), Encoding.UTF8, "application/json") };
        request.Headers.AcceptLanguage.ParseAdd("sv");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.Equal(["description", "followUpMetric", "title"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.StartsWith("Styrtecken", (string?)errors["title"]![0]);
    }

    [Fact]
    public async Task Tabs_and_line_breaks_in_a_description_are_kept()
    {
        var body = NewActivity();
        body["description"] = "Rad ett\r\nRad två\tmed tabb";

        var response = await PostAsync(Body(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Rad ett\r\nRad två\tmed tabb", (string?)(await response.ReadJsonAsync())["description"]);
    }

    [Theory]
    [InlineData("{\"title\":\"Första\",", "title")]
    [InlineData("{\"Title\":\"Första\",", "title")]
    public async Task A_key_given_twice_is_a_400_naming_it(string prefix, string field)
    {
        var json = prefix + Body()[1..];

        Assert.Equal(["duplicate_key"], await CodesAsync(await PostAsync(json), field));
        Assert.Equal(19, (await _client.ListAsync()).Count);
    }

    [Fact]
    public async Task A_nested_key_given_twice_is_named_by_its_path()
    {
        var json = Body().Replace("\"displayName\":\"Johan Berg\"", "\"displayName\":\"Johan Berg\",\"displayName\":\"Någon annan\"");

        Assert.Equal(["duplicate_key"], await CodesAsync(await PostAsync(json), "owner.displayName"));
    }

    [Theory]
    [InlineData("planned")]
    [InlineData("inProgress")]
    [InlineData("cancelled")]
    public async Task A_completion_date_without_status_done_is_refused_naming_the_field(string status)
    {
        var body = NewActivity();
        body["status"] = status;
        body["completedOn"] = "2026-11-20";

        Assert.Equal(["completed_on_needs_done"], await CodesAsync(await PostAsync(Body(body)), "completedOn"));
        Assert.Equal(19, (await _client.ListAsync()).Count);
    }

    [Fact]
    public async Task A_completion_date_with_status_done_is_kept()
    {
        var body = NewActivity();
        body["status"] = "done";
        body["completedOn"] = "2026-11-20";

        var response = await PostAsync(Body(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("2026-11-20", (string?)(await response.ReadJsonAsync())["completedOn"]);
    }

    [Fact]
    public async Task An_occurrence_marked_planned_with_a_completion_date_is_refused_naming_the_field()
    {
        var body = NewActivity("Blogginlägg");
        body.Remove("period");
        body.Remove("deadline");
        body["schedule"] = "maj och okt";
        var created = await PostAsync(Body(body));
        var location = created.Headers.Location!.OriginalString;

        var response = await _client.SendAsync(HttpMethod.Put, location + "/occurrences/2026-05-31",
            Json(new { status = "planned", completedOn = "2026-05-30" }), created.Headers.ETag!.Tag);

        Assert.Equal(["completed_on_needs_done"], await CodesAsync(response, "completedOn"));
    }
}
