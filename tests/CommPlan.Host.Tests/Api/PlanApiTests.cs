using System.Net;
using CommPlan.Host.Tests.Infrastructure;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

public sealed class PlanApiTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Health_reports_storage_on_the_embedded_default()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Healthy", (string?)body["status"]);
        Assert.Equal("embedded", (string?)body["mode"]);
        Assert.Equal("storage", (string?)body["checks"]![0]!["name"]);
        Assert.True(File.Exists(Path.Combine(_app.Folder, "app.db")), "the database is the configured file");
    }

    [Fact]
    public async Task Health_is_503_when_the_database_is_gone()
    {
        await _client.GetAsync("/health");
        _app.ClearDatabasePool();
        File.Delete(Path.Combine(_app.Folder, "app.db"));
        File.Delete(Path.Combine(_app.Folder, "app.db-wal"));
        File.Delete(Path.Combine(_app.Folder, "app.db-shm"));

        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", (string?)(await response.ReadJsonAsync())["status"]);
    }

    [Fact]
    public async Task The_current_plan_is_the_demo_plan_moved_to_this_year()
    {
        var plan = await (await _client.GetAsync("/api/plans/current")).ReadJsonAsync();

        Assert.Equal(2026, (int)plan["year"]!);
        Assert.Equal("Piteå kommun", (string?)plan["organisation"]);
        Assert.Equal(6, plan["goals"]!.AsArray().Count);
        Assert.Contains(plan["units"]!.AsArray(), u => (string?)u!["key"] == "repris");
        Assert.Contains(plan["channels"]!.AsArray(), c => (string?)c!["key"] == "facebook");
        Assert.Contains(plan["targetGroups"]!.AsArray(), t => (string?)t!["key"] == "allmanhet");

        var list = await (await _client.GetAsync("/api/plans")).ReadJsonAsync();
        Assert.Equal(DemoPlanId.ToString(), (string?)list[0]!["id"]);
    }

    [Fact]
    public async Task An_unknown_plan_is_404_problem()
    {
        var response = await _client.GetAsync($"/api/plans/{Guid.NewGuid()}/activities");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_activity_list_holds_the_whole_demo_plan()
    {
        var items = await _client.ListAsync();

        Assert.Equal(19, items.Count);
        var spring = items.Single(a => (string?)a!["title"] == "Vårrensning")!;
        Assert.Equal("repris", (string?)spring["unit"]);
        Assert.Equal("2026-05-31", (string?)spring["deadline"]);
        Assert.Equal("done", (string?)spring["status"]);
        var quarterly = items.Single(a => (string?)a!["title"] == "Pitekvarten")!;
        Assert.Equal(["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"], quarterly["occurrences"]!.AsArray().Select(o => (string?)o!["deadline"]));
    }

    [Theory]
    [InlineData("?unit=repris", new[] { "Höstrensning", "Mobila återvinningscentralen", "Patronsöndag", "Vårrensning" })]
    [InlineData("?month=5", new[] { "Löpande marknadsaktiviteter", "Mobila återvinningscentralen", "Vårrensning", "Inflyttartidningen", "Värt att veta" })]
    [InlineData("?month=3", new[] { "Löpande marknadsaktiviteter", "Temadagar attraktiv arbetsgivare", "Information till ungdomar och föräldrar om feriearbete", "Pitekvarten", "Inflyttartidningen", "Värt att veta" })]
    [InlineData("?status=late", new[] { "Information till näringslivet", "Mobila återvinningscentralen", "Patronsöndag", "Mångfaldsdagen" })]
    [InlineData("?goal=mangfald", new[] { "Mångfaldsdagen" })]
    [InlineData("?channel=personaltidning", new[] { "Pitekvarten" })]
    [InlineData("?owner=9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03&status=done", new[] { "Vårrensning", "Höstrensning" })]
    [InlineData("?unit=repris&month=10&channel=facebook", new[] { "Patronsöndag" })]
    [InlineData("?targetGroup=ungdomar", new[] { "Löpande marknadsaktiviteter", "Information till ungdomar och föräldrar om feriearbete" })]
    [InlineData("?targetGroup=nyinflyttade", new[] { "Inflyttartidningen" })]
    [InlineData("?targetGroup=politiker&unit=avdelningen", new[] { "Årsredovisning och delårsbokslut" })]
    public async Task Filters_narrow_the_list(string query, string[] expected)
    {
        var items = await _client.ListAsync(query);

        Assert.Equal(expected.Order(), items.Select(a => (string)a!["title"]!).Order());
    }

    [Theory]
    [InlineData("?month=13", "month")]
    [InlineData("?month=may", "month")]
    [InlineData("?status=overdue", "status")]
    [InlineData("?status=1", "status")]
    [InlineData("?owner=anna", "owner")]
    [InlineData("?colour=red", "colour")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var response = await _client.GetAsync(Activities + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.NotNull(problem["errors"]![field]);
    }
}
