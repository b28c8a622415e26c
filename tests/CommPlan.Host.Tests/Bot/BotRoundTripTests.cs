using System.Net;
using CommPlan.Host.Tests.Outbox;
using System.Net.Http.Json;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>
/// The whole loop as in Teams: an activity with a Bot Framework token comes in, the bot's reply goes out through the
/// outbox to the conversation's serviceUrl with a token of the bot's own — all over loopback HTTP.
/// </summary>
public sealed class BotRoundTripTests : IAsyncLifetime
{
    private const string AppId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4f6a81";
    private const string Secret = "client-secret-for-tests";
    private LoopbackOpenIdServer _openId = null!;
    private LoopbackTokenServer _tokens = null!;
    private LoopbackConnectorServer _connector = null!;

    public async Task InitializeAsync()
    {
        _openId = await LoopbackOpenIdServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync(AppId, Secret);
        _connector = await LoopbackConnectorServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _tokens.DisposeAsync();
        await _openId.DisposeAsync();
    }

    [Fact]
    public async Task A_command_from_Teams_is_answered_through_the_connector_with_the_bots_token()
    {
        var key = _openId.PublishKey("msteams");
        _connector.AcceptToken = _tokens.Issued;
        await using var host = OutboxHost.Start(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = Secret,
            ["Bot:TenantId"] = TenantId,
            ["Bot:Authority"] = _tokens.Authority(TenantId),
            ["Bot:OpenIdMetadataUrl"] = _openId.MetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
        }, services: s => s.AddHttpClient(MsalConnectorTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler));

        var message = Personal("message", "mina aktiviteter", serviceUrl: _connector.ServiceUrl, expectReplies: false);
        var token = LoopbackOpenIdServer.Sign(key, AppId, _connector.ServiceUrl, DateTime.UtcNow);
        var response = await host.Factory.CreateClient().PostActivityAsync(message, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());

        await OutboxHost.WaitForAsync(() => _connector.Received(PersonalConversation).Count == 1, TimeSpan.FromSeconds(20), "the reply");
        var reply = _connector.Received(PersonalConversation)[0].Activity;
        Assert.Equal("message", reply.Type);
        Assert.Equal(AnnaId, reply.Recipient?.Id);
        Assert.Equal("Dina aktiviteter", reply.Summary);
        Assert.Contains("Dina aktiviteter", reply.Attachments![0].Content!.Value.GetRawText());
        Assert.True(_tokens.Issued(Assert.Single(_connector.Tokens)!));
        // The Connector has the reply before the sender records its answer: wait for the record, with a deadline.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var sent = Assert.Single(await host.EntriesAsync(PersonalConversation));
        while (sent.SentActivityId is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            sent = Assert.Single(await host.EntriesAsync(PersonalConversation));
        }
        Assert.Equal(_connector.Received(PersonalConversation)[0].ActivityId, sent.SentActivityId);
    }

    [Fact]
    public async Task A_local_client_without_tokens_gets_its_welcome_and_answers_like_the_Playground_does()
    {
        await using var host = OutboxHost.Start();
        var client = host.Factory.CreateClient();
        var install = Personal("installationUpdate", serviceUrl: _connector.ServiceUrl, expectReplies: false, locale: "en-US");
        install["action"] = "add";
        Assert.Equal(HttpStatusCode.OK, (await client.PostActivityAsync(install)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostActivityAsync(
            Personal("message", "help", serviceUrl: _connector.ServiceUrl, expectReplies: false, locale: "en-US"))).StatusCode);

        await OutboxHost.WaitForAsync(() => _connector.Received(PersonalConversation).Count == 2, TimeSpan.FromSeconds(20), "two replies");
        var received = _connector.Received(PersonalConversation);
        Assert.Equal("Welcome to Communication plan", received[0].Activity.Summary);
        Assert.Equal("What I can do", received[1].Activity.Summary);
        Assert.All(_connector.Tokens, t => Assert.Null(t));

        // An older client presses "Status" on the help card: Action.Submit arrives as a message naming the card.
        var submit = Personal("message", serviceUrl: _connector.ServiceUrl, expectReplies: false, locale: "en-US");
        submit["replyToId"] = received[1].ActivityId;
        submit["value"] = new System.Text.Json.Nodes.JsonObject { ["verb"] = "plan.status", ["unit"] = "sc" };
        Assert.Equal(HttpStatusCode.OK, (await client.PostActivityAsync(submit)).StatusCode);
        await OutboxHost.WaitForAsync(() => _connector.Received(PersonalConversation)[1].Version == 2, TimeSpan.FromSeconds(20), "the card updated in place");
        var updated = _connector.Received(PersonalConversation);
        Assert.Equal(2, updated.Count);
        Assert.Contains("Status: Studiecentrum", updated[1].Activity.Attachments![0].Content!.Value.GetRawText());
    }
    [Fact]
    public async Task Activities_given_by_e_mail_in_SharePoint_are_found_through_the_senders_member_record()
    {
        const string KimObjectId = "2b9d0c41-7e35-4f0a-9d6b-5c3e1f2a4b77";
        await using var host = OutboxHost.Start();
        var client = host.Factory.CreateClient();
        _connector.AddMembers(PersonalConversation,
            [new TeamsChannelAccount { Id = AnnaId, AadObjectId = KimObjectId, Name = "Kim Lundgren", Email = "Kim.Lundgren@pitea.example" }]);
        async Task<string> MyActivitiesAsync()
        {
            var response = await client.PostActivityAsync(Personal("message", "mina aktiviteter", aadObjectId: KimObjectId, serviceUrl: _connector.ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return TextOf(CardOf(Assert.Single(await response.RepliesAsync())));
        }

        // While every owner has an object id, nobody's e-mail is asked for.
        Assert.Contains("inga öppna aktiviteter", await MyActivitiesAsync());
        Assert.Equal(0, _connector.MemberReads);

        // Someone picks Kim as owner in the SharePoint list: the app knows Kim by e-mail only.
        var plan = (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/plans/current"))!["id"]!.GetValue<string>();
        var created = await client.PostAsJsonAsync($"/api/plans/{plan}/activities", new
        {
            title = "Nyhetsbrev december", unit = "sc", schedule = "december",
            owner = new { displayName = "Kim Lundgren", email = "kim.lundgren@pitea.example" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var shown = await MyActivitiesAsync();
        Assert.Contains("Nyhetsbrev december", shown);
        Assert.Equal(1, _connector.MemberReads);
    }
}
