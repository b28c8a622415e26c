using System.Net;
using System.Net.Http.Json;
using CommPlan.Host.Tests.Outbox;
using CommPlan.Teams.Schema;
using CommPlan.Testing;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>Teams gives a bot about 15 s to answer: what a turn reads from the Bot Connector gets a budget and is done without.</summary>
public sealed class TurnBudgetTests : IAsyncLifetime
{
    private LoopbackConnectorServer _connector = null!;

    public async Task InitializeAsync() => _connector = await LoopbackConnectorServer.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task My_activities_with_a_hanging_Connector_answers_without_the_e_mail_address_and_says_so()
    {
        const string KimObjectId = "2b9d0c41-7e35-4f0a-9d6b-5c3e1f2a4b77";
        await using var host = OutboxHost.Start(new Dictionary<string, string?> { ["Bot:TurnConnectorBudget"] = "00:00:01" });
        var client = host.Factory.CreateClient();
        _connector.AddMembers(PersonalConversation,
            [new TeamsChannelAccount { Id = AnnaId, AadObjectId = KimObjectId, Name = "Kim Lundgren", Email = "kim.lundgren@pitea.example" }]);
        // Kim is known to the plan by e-mail only: the answer needs Kim's member record.
        var plan = (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/plans/current"))!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/plans/{plan}/activities", new
        {
            title = "Nyhetsbrev december", unit = "sc", schedule = "december",
            owner = new { displayName = "Kim Lundgren", email = "kim.lundgren@pitea.example" },
        })).StatusCode);
        // The Connector takes longer than Teams would wait for the whole turn.
        _connector.Delay = TimeSpan.FromSeconds(60);

        var response = await Eventually.WithinAsync(
            client.PostActivityAsync(Personal("message", "mina aktiviteter", aadObjectId: KimObjectId, serviceUrl: _connector.ServiceUrl)),
            TimeSpan.FromSeconds(20), "the turn's answer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = TextOf(CardOf(Assert.Single(await response.RepliesAsync())));
        Assert.Contains("Dina aktiviteter", shown);
        Assert.Contains("Teams lämnade inte din e-postadress i tid", shown);
        Assert.DoesNotContain("Nyhetsbrev december", shown);
        Assert.Equal(1, _connector.MemberReads);

        // The Connector answers again: the same question finds Kim's activity, without the note.
        _connector.Delay = TimeSpan.Zero;
        var again = TextOf(CardOf(Assert.Single(await (await client.PostActivityAsync(
            Personal("message", "mina aktiviteter", aadObjectId: KimObjectId, serviceUrl: _connector.ServiceUrl))).RepliesAsync())));
        Assert.Contains("Nyhetsbrev december", again);
        Assert.DoesNotContain("Teams lämnade inte din e-postadress i tid", again);
    }
}
