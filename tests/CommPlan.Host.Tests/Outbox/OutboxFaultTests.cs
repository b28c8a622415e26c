using CommPlan.Application.Storage;
using CommPlan.Teams.Connector;
using CommPlan.Testing;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>
/// The answers Teams gives besides success and the ones in <see cref="OutboxDeliveryTests"/>: throttling without a
/// Retry-After, a bot removed from the roster, timeouts and gateway errors, and errors whose body is not JSON.
/// </summary>
public sealed class OutboxFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LoopbackConnectorServer _connector = null!;

    public async Task InitializeAsync() => _connector = await LoopbackConnectorServer.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private async Task<OutboxHost> HostWith(TimeSpan minBackoff, params string[] conversations)
    {
        var host = OutboxHost.Start(new Dictionary<string, string?> { ["Bot:Outbox:MinBackoff"] = minBackoff.ToString() });
        await host.SeedConversationsAsync(_connector, conversations);
        return host;
    }

    private ConnectorAttempt[] AttemptsIn(string conversationId) =>
        [.. _connector.Attempts.Where(a => a.ConversationId == conversationId).OrderBy(a => a.At)];

    [Fact]
    public async Task A_throttle_without_Retry_After_is_waited_out_with_a_backoff_and_then_delivered()
    {
        // Half the configured minimum is the shortest backoff the jitter can pick.
        await using var host = await HostWith(TimeSpan.FromSeconds(2), "a:busy");
        _connector.FailNext("a:busy", 429, "TooManyRequests", retryAfter: null);

        var id = await host.WithOutboxAsync(o => o.SendAsync("a:busy", OutboxHost.Message("m1")));
        await host.WaitUntilFinishedAsync(Patience);

        var attempts = AttemptsIn("a:busy");
        Assert.Equal([429, 201], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1), $"tried again after {attempts[1].At - attempts[0].At} without backing off");
        var entry = await host.WithOutboxAsync(o => o.GetAsync(id));
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(_connector.Received("a:busy")[0].ActivityId, entry.SentActivityId);
    }

    [Fact]
    public async Task A_bot_removed_from_the_roster_makes_the_conversation_dead_and_nothing_more_is_tried()
    {
        await using var host = await HostWith(TimeSpan.FromMilliseconds(100), "a:removed", "a:fine");
        _connector.RemoveBot("a:removed");

        await host.WithOutboxAsync(o => o.SendAsync("a:removed", OutboxHost.Message("m1")));
        await host.WithOutboxAsync(o => o.SendAsync("a:removed", OutboxHost.Message("m2")));
        await host.WithOutboxAsync(o => o.SendAsync("a:fine", OutboxHost.Message("ok")));
        var entries = await host.WaitUntilFinishedAsync(Patience);

        Assert.All(entries.Where(e => e.ConversationId == "a:removed"), e =>
        {
            Assert.Equal(OutboxState.Dead, e.State);
            Assert.Contains(SubCodes.BotNotInConversationRoster, e.LastError);
        });
        Assert.Equal([403], AttemptsIn("a:removed").Select(a => a.Status));
        var conversation = await host.ConversationAsync("a:removed");
        Assert.Equal(ConversationState.Dead, conversation!.State);
        Assert.Contains(SubCodes.BotNotInConversationRoster, conversation.StateReason);
        Assert.Equal(OutboxState.Sent, entries.Single(e => e.ConversationId == "a:fine").State);
    }

    [Fact]
    public async Task A_timeout_and_gateway_errors_are_retried_until_the_message_is_delivered_once()
    {
        await using var host = await HostWith(TimeSpan.FromMilliseconds(100), "a:flaky");
        _connector.FailNext("a:flaky", 408, "RequestTimeout");
        _connector.FailNext("a:flaky", 502, "BadGateway");
        _connector.FailNext("a:flaky", 504, "GatewayTimeout");

        var id = await host.WithOutboxAsync(o => o.SendAsync("a:flaky", OutboxHost.Message("m1")));
        await host.WaitUntilFinishedAsync(Patience);

        Assert.Equal([408, 502, 504, 201], AttemptsIn("a:flaky").Select(a => a.Status));
        var entry = await host.WithOutboxAsync(o => o.GetAsync(id));
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(4, entry.Attempts);
        Assert.Equal(["m1"], _connector.Received("a:flaky").Select(r => r.Text));
    }

    [Fact]
    public async Task An_error_without_a_JSON_body_is_judged_by_its_status()
    {
        await using var host = await HostWith(TimeSpan.FromMilliseconds(100), "a:gateway", "a:refused");
        _connector.FailNextWithoutJson("a:gateway", 502);
        _connector.FailNextWithoutJson("a:refused", 400, "Bad Request");

        var transient = await host.WithOutboxAsync(o => o.SendAsync("a:gateway", OutboxHost.Message("m1")));
        var permanent = await host.WithOutboxAsync(o => o.SendAsync("a:refused", OutboxHost.Message("m2")));
        await host.WaitUntilFinishedAsync(Patience);

        Assert.Equal([502, 201], AttemptsIn("a:gateway").Select(a => a.Status));
        Assert.Equal(OutboxState.Sent, (await host.WithOutboxAsync(o => o.GetAsync(transient)))!.State);
        var failed = await host.WithOutboxAsync(o => o.GetAsync(permanent));
        Assert.Equal(OutboxState.Failed, failed!.State);
        Assert.StartsWith("400", failed.LastError);
        Assert.Equal([400], AttemptsIn("a:refused").Select(a => a.Status));
        Assert.Equal(ConversationState.Active, (await host.ConversationAsync("a:refused"))!.State);
    }
}
