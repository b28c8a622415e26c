using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;

namespace CommPlan.Host.Tests.Access;

/// <summary>A plan's roles through the API: listed, given and taken back by a communicator (the dev user here), each change quoting the list's version.</summary>
public sealed class RolesApiTests : IAsyncLifetime
{
    private const string Roles = "/api/plans/3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01/roles";
    private const string Erik = "8a2d4b63-1e4f-4d9f-8b52-3c8e4f6b2d02";
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_demo_plan_lists_its_communicator_and_manager_with_the_lists_version()
    {
        var response = await _client.GetAsync(Roles);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadJsonAsync();
        Assert.Equal(response.Headers.ETag?.ToString(), (string?)list["eTag"]);
        var roles = list["items"]!.AsArray().Select(i => ((string?)i!["displayName"], (string?)i["role"])).ToArray();
        Assert.Contains(("Anna Lindqvist", "communicator"), roles);
        Assert.Contains(("Sara Holm", "manager"), roles);
    }

    [Fact]
    public async Task A_communicator_gives_a_role_and_takes_it_back_quoting_the_version_each_time()
    {
        var etag = (string)(await (await _client.GetAsync(Roles)).ReadJsonAsync())["eTag"]!;

        var added = await SendAsync(HttpMethod.Post, Roles, etag, new { principalId = Erik, kind = "user", role = "manager", displayName = "Erik Nilsson" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var afterAdd = await added.ReadJsonAsync();
        Assert.NotEqual(etag, (string?)afterAdd["eTag"]);
        Assert.Contains(afterAdd["items"]!.AsArray(), i => (string?)i!["principalId"] == Erik && (string?)i["role"] == "manager");

        var removed = await SendAsync(HttpMethod.Delete, $"{Roles}/{Erik}/manager", (string)afterAdd["eTag"]!);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain((await removed.ReadJsonAsync())["items"]!.AsArray(), i => (string?)i!["principalId"] == Erik);
    }

    [Fact]
    public async Task A_change_without_a_version_is_428_and_from_an_old_version_412_naming_the_current_one()
    {
        var etag = (string)(await (await _client.GetAsync(Roles)).ReadJsonAsync())["eTag"]!;
        var erik = new { principalId = Erik, kind = "user", role = "manager", displayName = "Erik Nilsson" };
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, Roles, etag, erik)).StatusCode);

        var without = await SendAsync(HttpMethod.Post, Roles, null, erik with { });
        var stale = await SendAsync(HttpMethod.Delete, $"{Roles}/{Erik}/manager", etag);

        Assert.Equal(HttpStatusCode.PreconditionRequired, without.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = (string?)(await stale.ReadJsonAsync())["currentETag"];
        Assert.Equal((string?)(await (await _client.GetAsync(Roles)).ReadJsonAsync())["eTag"], current);
        Assert.Contains((await (await _client.GetAsync(Roles)).ReadJsonAsync())["items"]!.AsArray(), i => (string?)i!["principalId"] == Erik);
    }

    [Fact]
    public async Task Bad_role_input_is_a_400_naming_every_field_and_nothing_changes()
    {
        var before = await (await _client.GetAsync(Roles)).ReadJsonAsync();
        var etag = (string)before["eTag"]!;

        var empty = await SendAsync(HttpMethod.Post, Roles, etag, new { });
        var owner = await SendAsync(HttpMethod.Post, Roles, etag, new { principalId = Erik, kind = "user", role = "owner", displayName = "Erik" });
        var unknownRole = await SendAsync(HttpMethod.Delete, $"{Roles}/{Erik}/chair", etag);
        var notThere = await SendAsync(HttpMethod.Delete, $"{Roles}/{Erik}/manager", etag);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var fields = (await empty.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToArray();
        Assert.Equal(["kind", "principalId", "role"], fields.Order().ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, owner.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notThere.StatusCode);
        Assert.Equal(etag, (string?)(await (await _client.GetAsync(Roles)).ReadJsonAsync())["eTag"]);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await _client.SendAsync(request);
    }
}
