using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>The app remembers where it can reach people: on install, from every activity, and forgets on removal.</summary>
public sealed class BotConversationTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<ConversationRecord?> StoredAsync(string id = PersonalConversation)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationStore>().GetAsync(id);
    }

    [Fact]
    public async Task Personal_install_stores_the_conversation_and_welcomes_once()
    {
        var first = await (await _client.PostActivityAsync(Install())).RepliesAsync();
        var card = CardOf(Assert.Single(first));
        Assert.Contains("Välkommen till Kommunikationsplan", TextOf(card));
        Assert.Contains("Anna Lindqvist", TextOf(card));

        var stored = await StoredAsync();
        Assert.NotNull(stored);
        Assert.Equal(ConversationKind.Personal, stored.Kind);
        Assert.Equal(ConversationState.Active, stored.State);
        Assert.Equal(ServiceUrl, stored.ServiceUrl);
        Assert.Equal(TenantId, stored.TenantId);
        Assert.Equal(AnnaId, stored.UserId);
        Assert.Equal(AnnaObjectId, stored.UserAadObjectId);
        Assert.Equal(BotId, stored.BotId);

        // Teams also sends conversationUpdate for the same install: no second welcome.
        var update = Personal("conversationUpdate");
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        Assert.Empty(await (await _client.PostActivityAsync(update)).RepliesAsync());
    }

    [Fact]
    public async Task Install_events_arriving_together_welcome_once_and_fail_none()
    {
        // Teams (and the Agents Playground) send installationUpdate and conversationUpdate for one install at once.
        for (var round = 0; round < 10; round++)
        {
            var conversation = $"a:1together-{round}";
            var install = Personal("installationUpdate", conversationId: conversation);
            install["action"] = "add";
            var update = Personal("conversationUpdate", conversationId: conversation);
            update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
            var responses = await Task.WhenAll(_client.PostActivityAsync(install), _client.PostActivityAsync(update));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var welcomes = (await Task.WhenAll(responses.Select(r => r.RepliesAsync()))).Sum(r => r.Count);
            Assert.Equal(1, welcomes);
        }
    }

    [Fact]
    public async Task An_upgrade_refreshes_without_a_welcome()
    {
        await _client.PostActivityAsync(Install());
        Assert.Empty(await (await _client.PostActivityAsync(Install("add-upgrade"))).RepliesAsync());
        Assert.Equal(ConversationState.Active, (await StoredAsync())!.State);
    }

    [Fact]
    public async Task Uninstall_retires_the_conversation_and_a_reinstall_revives_it()
    {
        await _client.PostActivityAsync(Install());
        Assert.Empty(await (await _client.PostActivityAsync(Install("remove"))).RepliesAsync());
        var removed = await StoredAsync();
        Assert.Equal(ConversationState.Removed, removed!.State);
        Assert.Equal("uninstalled", removed.StateReason);

        var again = await (await _client.PostActivityAsync(Install())).RepliesAsync();
        Assert.Single(again);
        Assert.Equal(ConversationState.Active, (await StoredAsync())!.State);
    }

    [Fact]
    public async Task A_moved_service_url_is_refreshed_from_the_next_activity()
    {
        await _client.PostActivityAsync(Install());
        var moved = Personal("message", "hjälp", serviceUrl: "https://smba.trafficmanager.net/emea-2/");
        Assert.Equal(HttpStatusCode.OK, (await _client.PostActivityAsync(moved)).StatusCode);
        Assert.Equal("https://smba.trafficmanager.net/emea-2/", (await StoredAsync())!.ServiceUrl);
    }

    [Fact]
    public async Task A_message_in_an_unknown_conversation_stores_it_without_a_welcome()
    {
        var replies = await (await _client.PostActivityAsync(Message("hjälp"))).RepliesAsync();
        Assert.Single(replies);
        Assert.Contains("Det här kan jag", TextOf(CardOf(replies[0])));
        Assert.Equal(ConversationState.Active, (await StoredAsync())!.State);
    }

    [Fact]
    public async Task Adding_the_app_to_a_team_stores_the_channel_and_welcomes_the_team()
    {
        const string team = "19:team-general@thread.tacv2";
        var replies = await (await _client.PostActivityAsync(TeamInstall(team, "Kommunikation <Piteå>"))).RepliesAsync();
        var text = TextOf(CardOf(Assert.Single(replies)));
        Assert.Contains("Kommunikation \\<Piteå\\>", text);

        var stored = await StoredAsync(team);
        Assert.Equal(ConversationKind.Channel, stored!.Kind);
        Assert.Equal(team, stored.TeamId);
        Assert.Equal("Kommunikation <Piteå>", stored.Name);
        Assert.Null(stored.UserId);

        var removed = TeamInstall(team);
        removed.Remove("membersAdded");
        removed["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = BotId });
        await _client.PostActivityAsync(removed);
        Assert.Equal(ConversationState.Removed, (await StoredAsync(team))!.State);
    }

    [Fact]
    public async Task A_mention_in_a_channel_thread_keeps_one_record_for_the_channel_and_answers_in_the_thread()
    {
        const string team = "19:team-threads@thread.tacv2";
        await _client.PostActivityAsync(TeamInstall(team));
        var mention = TeamInstall(team);
        mention["type"] = "message";
        mention.Remove("membersAdded");
        mention["text"] = "<at>Kommunikationsplan</at> plan";
        mention["conversation"]!["id"] = team + ";messageid=1732350000000";
        var replies = await (await _client.PostActivityAsync(mention)).RepliesAsync();

        Assert.Equal(team + ";messageid=1732350000000", Assert.Single(replies)["conversation"]!["id"]!.GetValue<string>());
        Assert.NotNull(await StoredAsync(team));
        Assert.Null(await StoredAsync(team + ";messageid=1732350000000"));
    }

    [Fact]
    public async Task A_group_chat_is_stored_as_one()
    {
        var chat = Personal("installationUpdate", conversationId: "19:group-chat@thread.v2");
        chat["action"] = "add";
        chat["conversation"]!["conversationType"] = "groupChat";
        chat["conversation"]!["name"] = "Ledningsgruppen";
        var welcome = TextOf(CardOf(Assert.Single(await (await _client.PostActivityAsync(chat)).RepliesAsync())));

        Assert.Contains("Ledningsgruppen", welcome);
        var stored = await StoredAsync("19:group-chat@thread.v2");
        Assert.Equal(ConversationKind.GroupChat, stored!.Kind);
        Assert.Null(stored.UserId);
    }

    [Fact]
    public async Task A_deleted_team_retires_its_conversation()
    {
        const string team = "19:team-deleted@thread.tacv2";
        await _client.PostActivityAsync(TeamInstall(team));
        var deleted = TeamInstall(team);
        deleted.Remove("membersAdded");
        deleted["channelData"]!["eventType"] = "teamDeleted";
        Assert.Equal(ConversationState.Active, (await StoredAsync(team))!.State);
        await _client.PostActivityAsync(deleted);

        var stored = await StoredAsync(team);
        Assert.Equal(ConversationState.Removed, stored!.State);
        Assert.Equal("team deleted", stored.StateReason);
    }
}
