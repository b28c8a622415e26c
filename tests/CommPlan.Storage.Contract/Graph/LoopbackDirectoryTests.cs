using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommPlan.Testing;
using CommPlan.Testing.Graph;

namespace CommPlan.Storage.Contract.Graph;

/// <summary>The loopback Graph answers checkMemberGroups as Graph v1.0 documents it, seen through plain HTTP.</summary>
public sealed class LoopbackDirectoryTests : IAsyncLifetime
{
    private static readonly Guid User = Guid.Parse("8a2d4b63-1e4f-4d9f-8b52-3c8e4f6b2d02");
    private static readonly Guid Communicators = Guid.Parse("0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");
    private static readonly Guid Managers = Guid.Parse("1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a");
    private static readonly Guid Department = Guid.Parse("2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b");

    private LoopbackGraphServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackGraphServer.StartAsync();
        _server.TrustTokensFrom(token => token switch
        {
            "token" => new IssuedToken("commplan-app", LoopbackGraphServer.GraphAudience, ["GroupMember.Read.All"]),
            "sites-only" => new IssuedToken("commplan-app", LoopbackGraphServer.GraphAudience, ["Sites.Selected"]),
            _ => null,
        });
        _server.GrantSite("commplan-app");
        _http = new HttpClient { BaseAddress = new Uri(_server.GraphBaseUrl + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json)> Check(string user, params object[] groupIds)
    {
        var body = new JsonObject { ["groupIds"] = new JsonArray(groupIds.Select(g => JsonValue.Create(g.ToString())).ToArray<JsonNode?>()) };
        using var response = await _http.PostAsJsonAsync($"users/{user}/checkMemberGroups", body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Answers_the_asked_groups_the_user_is_in_directly_or_through_a_nested_group()
    {
        _server.AddGroupMember(Communicators, User);
        _server.AddGroupMember(Department, Managers, memberIsGroup: true);
        _server.AddGroupMember(Managers, User);
        _server.AddGroupMember(Guid.NewGuid(), User);

        var (status, json) = await Check(User.ToString(), Communicators, Department, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new[] { Communicators.ToString(), Department.ToString() }.Order(), json!["value"]!.AsArray().Select(v => (string)v!).Order());
    }

    [Fact]
    public async Task A_user_in_none_of_the_groups_gets_an_empty_list()
    {
        _server.AddDirectoryUser(User);

        var (status, json) = await Check(User.ToString(), Communicators);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(json!["value"]!.AsArray());
    }

    [Fact]
    public async Task More_than_twenty_groups_a_bad_id_or_an_unknown_user_are_refused_as_Graph_refuses_them()
    {
        _server.AddDirectoryUser(User);

        var tooMany = await Check(User.ToString(), Enumerable.Range(0, 21).Select(_ => (object)Guid.NewGuid()).ToArray());
        var badId = await Check(User.ToString(), "not-a-guid");
        var unknown = await Check(Guid.NewGuid().ToString(), Communicators);

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("Request_BadRequest", (string?)tooMany.Json!["error"]!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Request_ResourceNotFound", (string?)unknown.Json!["error"]!["code"]);
    }

    [Fact]
    public async Task A_token_with_only_a_site_grant_may_not_read_group_memberships()
    {
        _server.AddGroupMember(Communicators, User);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"users/{User}/checkMemberGroups")
        {
            Content = JsonContent.Create(new { groupIds = new[] { Communicators } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sites-only");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Authorization_RequestDenied", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
    }
}
