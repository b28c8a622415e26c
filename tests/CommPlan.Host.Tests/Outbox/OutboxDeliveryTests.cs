using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.Sqlite.Model;
using CommPlan.Teams.Connector;
using CommPlan.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>What happens to single messages: outcomes by answer, retries, updates, and the bot's token.</summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LoopbackConnectorServer _connector = null!;

    public async Task InitializeAsync() => _connector = await LoopbackConnectorServer.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private async Task<OutboxHost> HostWith(params string[] conversations)
    {
        var host = OutboxHost.Start();
        await host.SeedConversationsAsync(_connector, conversations);
        return host;
    }

    private static OutboxHost HostFailing(FailingStatements failing) =>
        OutboxHost.Start(services: s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(failing)));

    [Fact]
    public async Task A_database_failure_before_the_send_is_retried_and_the_message_arrives_once()
    {
        var failing = new FailingStatements();
        await using var host = HostFailing(failing);
        await host.SeedConversationsAsync(_connector, ["a:1"]);
        // The sender's look-up of the conversation, just before the request.
        failing.FailNext(1, sql => sql.Contains("FROM \"conversations\"", StringComparison.Ordinal));

        await host.WithOutboxAsync(o => o.SendAsync("a:1", OutboxHost.Message("m1")));
        var entry = Assert.Single(await host.WaitUntilFinishedAsync(Patience));

        Assert.Equal(1, failing.Failed);
        Assert.Equal(OutboxState.Sent, entry.State);
        Assert.Equal(2, entry.Attempts);
        Assert.Equal("m1", Assert.Single(_connector.Received("a:1")).Text);
    }

    [Fact]
    public async Task A_database_failure_recording_a_delivery_is_retried_and_the_message_arrives_once()
    {
        var failing = new FailingStatements();
        await using var host = HostFailing(failing);
        await host.SeedConversationsAsync(_connector, ["a:1"]);
        // Recording the delivery fails twice: the message is out, and must be neither lost nor sent again.
        failing.FailNext(2, sql => sql.Contains("\"SentActivityId\" =", StringComparison.Ordinal));

        await host.WithOutboxAsync(o => o.SendAsync("a:1", OutboxHost.Message("m1")));
        var entry = Assert.Single(await host.WaitUntilFinishedAsync(Patience));

        Assert.Equal(2, failing.Failed);
        Assert.Equal(OutboxState.Sent, entry.State);
        Assert.Equal(1, entry.Attempts);
        var received = Assert.Single(_connector.Received("a:1"));
        Assert.Equal(received.ActivityId, entry.SentActivityId);
    }

    [Fact]
    public async Task A_blocked_bot_makes_the_conversation_dead_and_nothing_more_is_tried()
    {
        await using var host = await HostWith("a:blocked", "a:fine");
        _connector.Block("a:blocked");

        for (var i = 1; i <= 3; i++) await host.WithOutboxAsync(o => o.SendAsync("a:blocked", OutboxHost.Message("m" + i)));
        await host.WithOutboxAsync(o => o.SendAsync("a:fine", OutboxHost.Message("ok")));
        var entries = await host.WaitUntilFinishedAsync(Patience);

        Assert.All(entries.Where(e => e.ConversationId == "a:blocked"), e => Assert.Equal(OutboxState.Dead, e.State));
        Assert.Contains(SubCodes.MessageWritesBlocked, entries.First(e => e.ConversationId == "a:blocked").LastError);
        Assert.Single(_connector.Attempts, a => a.ConversationId == "a:blocked");
        var conversation = await host.ConversationAsync("a:blocked");
        Assert.Equal(ConversationState.Dead, conversation!.State);
        Assert.Contains(SubCodes.MessageWritesBlocked, conversation.StateReason);
        Assert.Equal(OutboxState.Sent, entries.Single(e => e.ConversationId == "a:fine").State);

        // Written after it died: never tried either.
        await host.WithOutboxAsync(o => o.SendAsync("a:blocked", OutboxHost.Message("later")));
        Assert.Equal(OutboxState.Dead, (await host.WaitUntilFinishedAsync(Patience)).Last().State);
        Assert.Single(_connector.Attempts, a => a.ConversationId == "a:blocked");
    }

    [Fact]
    public async Task A_conversation_that_is_gone_is_dead()
    {
        await using var host = await HostWith("a:gone");
        _connector.Remove("a:gone");

        await host.WithOutboxAsync(o => o.SendAsync("a:gone", OutboxHost.Message("m1")));
        await host.WithOutboxAsync(o => o.SendAsync("a:gone", OutboxHost.Message("m2")));
        var entries = await host.WaitUntilFinishedAsync(Patience);

        Assert.All(entries, e => Assert.Equal(OutboxState.Dead, e.State));
        Assert.Contains(SubCodes.ConversationNotFound, (await host.ConversationAsync("a:gone"))!.StateReason);
        Assert.Single(_connector.Attempts);
    }

    [Fact]
    public async Task Retry_After_is_honoured_before_the_next_attempt()
    {
        await using var host = await HostWith("a:busy");
        _connector.FailNext("a:busy", 429, "TooManyRequests", retryAfter: TimeSpan.FromSeconds(2));

        var id = await host.WithOutboxAsync(o => o.SendAsync("a:busy", OutboxHost.Message("m1")));
        await host.WaitUntilFinishedAsync(Patience);

        var attempts = _connector.Attempts.Where(a => a.ConversationId == "a:busy").OrderBy(a => a.At).ToArray();
        Assert.Equal([429, 201], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(2), $"retried after {attempts[1].At - attempts[0].At}");
        var entry = await host.WithOutboxAsync(o => o.GetAsync(id));
        Assert.Equal(2, entry!.Attempts);
        Assert.Equal(_connector.Received("a:busy")[0].ActivityId, entry.SentActivityId);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_a_bad_request_fails_without_holding_the_conversation()
    {
        await using var host = await HostWith("a:flaky");
        _connector.FailNext("a:flaky", 503, "ServiceUnavailable");
        _connector.FailNext("a:flaky", 412, "PreconditionFailed");
        _connector.FailNext("a:flaky", 400, "BadArgument");

        var first = await host.WithOutboxAsync(o => o.SendAsync("a:flaky", OutboxHost.Message("m1")));
        var second = await host.WithOutboxAsync(o => o.SendAsync("a:flaky", OutboxHost.Message("m2")));
        await host.WaitUntilFinishedAsync(Patience);

        var failed = await host.WithOutboxAsync(o => o.GetAsync(first));
        Assert.Equal(OutboxState.Failed, failed!.State);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("400 BadArgument", failed.LastError);
        Assert.Equal(OutboxState.Sent, (await host.WithOutboxAsync(o => o.GetAsync(second)))!.State);
        Assert.Equal(["m2"], _connector.Received("a:flaky").Select(r => r.Text));
    }

    [Fact]
    public async Task A_card_is_updated_and_deleted_through_the_correlation_key_of_its_send()
    {
        await using var host = await HostWith("a:approver", "a:other");
        await host.WithOutboxAsync(o => o.SendAsync("a:other", OutboxHost.Message("other"), "approval:7"));

        // Written at once: the update waits for the send before it, and finds the activity id the send recorded.
        var sendId = await host.WithOutboxAsync(o => o.SendAsync("a:approver", OutboxHost.Message("Att godkänna"), "approval:42"));
        var updateId = await host.WithOutboxAsync(o => o.UpdateAsync("a:approver", null, "approval:42", OutboxHost.Message("Godkänd")));
        await host.WaitUntilFinishedAsync(Patience);

        var card = Assert.Single(_connector.Received("a:approver"));
        Assert.Equal("Godkänd", card.Text);
        Assert.Equal(2, card.Version);
        Assert.Equal(card.ActivityId, (await host.WithOutboxAsync(o => o.GetAsync(sendId)))!.SentActivityId);
        Assert.Equal(card.ActivityId, (await host.WithOutboxAsync(o => o.GetAsync(updateId)))!.SentActivityId);
        Assert.Contains(_connector.Attempts, a => a.Method == "PUT" && a.ConversationId == "a:approver");

        await host.WithOutboxAsync(o => o.DeleteAsync("a:approver", null, "approval:42"));
        await host.WaitUntilFinishedAsync(Patience);
        Assert.True(Assert.Single(_connector.Received("a:approver")).Deleted);
        Assert.False(Assert.Single(_connector.Received("a:other")).Deleted);
    }

    [Fact]
    public async Task An_update_of_a_message_never_sent_fails_with_the_reason()
    {
        await using var host = await HostWith("a:1");

        var id = await host.WithOutboxAsync(o => o.UpdateAsync("a:1", null, "approval:missing", OutboxHost.Message("x")));
        await host.WaitUntilFinishedAsync(Patience);

        var entry = await host.WithOutboxAsync(o => o.GetAsync(id));
        Assert.Equal(OutboxState.Failed, entry!.State);
        Assert.Contains("approval:missing", entry.LastError);
        Assert.Empty(_connector.Attempts);
    }

    [Fact]
    public async Task With_an_app_id_the_sender_gets_its_token_over_https_once_and_the_connector_sees_it()
    {
        const string appId = "0a1b2c3d-0000-4000-8000-00000000b07a", tenant = "tenant-1", secret = "s3cret";
        await using var tokens = await LoopbackTokenServer.StartAsync(appId, secret);
        _connector.AcceptToken = tokens.Issued;
        await using var host = OutboxHost.Start(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = appId, ["Bot:AppPassword"] = secret, ["Bot:TenantId"] = tenant, ["Bot:Authority"] = tokens.Authority(tenant),
        }, services: s => s.AddHttpClient(MsalConnectorTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(tokens.CreatePinnedHandler));
        await host.SeedConversationsAsync(_connector, ["a:1", "a:2"]);

        for (var i = 0; i < 3; i++) await host.WithOutboxAsync(o => o.SendAsync("a:" + (i % 2 + 1), OutboxHost.Message("m" + i)));
        var entries = await host.WaitUntilFinishedAsync(Patience);

        Assert.All(entries, e => Assert.Equal(OutboxState.Sent, e.State));
        Assert.Equal(1, tokens.TokenRequests);
        Assert.Equal(3, _connector.Tokens.Count);
        Assert.All(_connector.Tokens, t => Assert.True(tokens.Issued(t!)));
    }
}
