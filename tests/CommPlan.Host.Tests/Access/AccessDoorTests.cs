using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Bot;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Access;

/// <summary>
/// The doors translate the access policy's refusal: a 403 problem with the reason in the reader's language, an error
/// card in the bot, and nothing changed. The organisation here is another tenant than the callers'.
/// </summary>
public sealed class AccessDoorTests : IAsyncLifetime
{
    private const string OrganisationTenant = "11111111-2222-3333-4444-555555555555";
    private readonly AppFactory _app = new(new Dictionary<string, string?> { ["Access:TenantId"] = OrganisationTenant });
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_caller_from_another_tenant_gets_a_403_saying_why_in_their_language()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/plans/current");
        request.Headers.AcceptLanguage.ParseAdd("sv-SE");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("OtherTenant", (string?)problem["reason"]);
        Assert.Contains("annan organisation", (string?)problem["detail"]);
    }

    [Fact]
    public async Task A_write_from_another_tenant_is_refused_and_nothing_is_written()
    {
        var before = await CountActivitiesAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plans/{DemoPlanId}/activities")
        {
            Content = JsonContent.Create(new { title = "Ny aktivitet", unit = "vlc", period = new { from = "2026-12-01", to = "2026-12-10" } }),
        };
        request.Headers.AcceptLanguage.ParseAdd("nb-NO");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("annen organisasjon", (string?)(await response.ReadJsonAsync())["detail"]);
        Assert.Equal(before, await CountActivitiesAsync());
    }

    [Fact]
    public async Task Roles_cannot_be_read_or_given_from_another_tenant()
    {
        var list = await _client.GetAsync($"/api/plans/{DemoPlanId}/roles");
        var give = new HttpRequestMessage(HttpMethod.Post, $"/api/plans/{DemoPlanId}/roles")
        {
            Content = JsonContent.Create(new { principalId = Guid.NewGuid(), kind = "user", role = "communicator", displayName = "Mallory" }),
        };
        give.Headers.TryAddWithoutValidation("If-Match", "*");

        var given = await _client.SendAsync(give);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, given.StatusCode);
    }

    [Fact]
    public async Task A_card_action_from_another_tenant_is_answered_with_an_error_card()
    {
        var response = await _client.PostActivityAsync(Invoke("plan.status", locale: "en-GB"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(200, (int?)body["statusCode"]);
        var card = TextOf(body["value"]!);
        Assert.Contains("You may not do this in this plan.", card);
        Assert.Contains("another organisation", card);
    }

    [Fact]
    public async Task A_command_from_another_tenant_is_answered_with_an_error_card()
    {
        var response = await _client.PostActivityAsync(Message("mina aktiviteter"));

        var replies = await response.RepliesAsync();
        var card = Assert.Single(replies);
        Assert.Contains("annan organisation", TextOf(card));
        Assert.DoesNotContain("Dina aktiviteter", TextOf(card));
    }

    private static readonly Guid DemoPlanId = new("3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01");

    private async Task<int> CountActivitiesAsync()
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Activities.CountAsync();
    }
}
