using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Storage;
using CommPlan.Host.Outbox;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Teams.Connector;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>
/// Failures that last: a Connector down for a day on the app's clock (given up only after Bot:Outbox:GiveUpAfter,
/// then reported and requeued), and a conversation reinstalled while a send to it is answered 404.
/// </summary>
public sealed class OutboxHorizonTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LoopbackConnectorServer _connector = null!;

    public async Task InitializeAsync() => _connector = await LoopbackConnectorServer.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private static async Task<OutboxEntry> WaitForEntryAsync(OutboxHost host, Guid id, Func<OutboxEntry, bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var entry = await host.WithOutboxAsync(o => o.GetAsync(id));
            if (entry is not null && condition(entry)) return entry;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited {Patience.TotalSeconds} s in vain for {what}; the entry is {entry?.State} #{entry?.Attempts} {entry?.LastError}.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_Connector_down_for_a_day_keeps_the_message_pending_until_the_horizon_then_it_is_reported_and_arrives_once_requeued()
    {
        var logs = new CapturedLogs();
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Bot:Outbox:MaxBackoff"] = "01:00:00" })
        {
            ConfigureTestServices = s => s.AddSingleton<ILoggerProvider>(logs),
        };
        var host = new OutboxHost(factory);
        await host.SeedConversationsAsync(_connector, ["a:1"]);
        var signal = factory.Services.GetRequiredService<OutboxSignal>();
        var client = factory.CreateClient();
        _connector.InjectRandomFaults(throttleRatio: 0, unavailableRatio: 1, retryAfter: null);

        var id = await host.WithOutboxAsync(o => o.SendAsync("a:1", OutboxHost.Message("m1")));
        // One attempt an hour at most (MaxBackoff): the 24th is 23 hours in, still within the default 24 h horizon.
        for (var attempt = 1; attempt <= 24; attempt++)
        {
            var entry = await WaitForEntryAsync(host, id, e => e.Attempts == attempt && e.State != OutboxState.Sending, $"attempt {attempt} to be recorded");
            Assert.Equal(OutboxState.Pending, entry.State);
            factory.Clock.Advance(TimeSpan.FromHours(1));
            signal.Wake();
        }
        var failed = await WaitForEntryAsync(host, id, e => e.IsFinished, "the entry to be given up");

        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(25, failed.Attempts);
        Assert.Contains("503", failed.LastError);
        Assert.Equal(25, _connector.Attempts.Count(a => a.Status == 503));
        var alert = Assert.Single(logs.Entries, e => e.EventId.Name == "OutboxGaveUp");
        Assert.Equal(LogLevel.Error, alert.Level);
        Assert.Equal(OutboxSender.GaveUpEvent.Id, alert.EventId.Id);

        var health = await client.GetFromJsonAsync<JsonObject>("/health");
        Assert.Equal("Degraded", health!["status"]!.GetValue<string>());
        var check = health["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "outbox")!;
        Assert.StartsWith("1 outgoing activities were given up on", check["description"]!.GetValue<string>());

        var report = await client.GetFromJsonAsync<JsonObject>("/api/outbox/failed");
        Assert.Equal(1, report!["count"]!.GetValue<int>());
        var item = report["items"]!.AsArray().Single()!;
        Assert.Equal(id.ToString(), item["id"]!.GetValue<string>());
        Assert.Equal("a:1", item["conversationId"]!.GetValue<string>());
        Assert.Equal(25, item["attempts"]!.GetValue<int>());
        Assert.Contains("503", item["reason"]!.GetValue<string>());
        Assert.Equal(AppFactory.DefaultNow, item["firstAttemptAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(AppFactory.DefaultNow.AddHours(24), item["lastAttemptAt"]!.GetValue<DateTimeOffset>());

        // Teams is back; a communicator puts it back in the queue.
        _connector.InjectRandomFaults(throttleRatio: 0, unavailableRatio: 0, retryAfter: null);
        var requeued = await client.PostAsync("/api/outbox/failed/requeue", null);
        Assert.Equal(HttpStatusCode.OK, requeued.StatusCode);
        Assert.Equal(1, (await requeued.Content.ReadFromJsonAsync<JsonObject>())!["requeued"]!.GetValue<int>());
        var sent = await WaitForEntryAsync(host, id, e => e.State == OutboxState.Sent, "the requeued entry to be sent");

        Assert.Equal(["m1"], _connector.Received("a:1").Select(r => r.Text));
        Assert.Equal(_connector.Received("a:1")[0].ActivityId, sent.SentActivityId);
        Assert.Equal("Healthy", (await client.GetFromJsonAsync<JsonObject>("/health"))!["status"]!.GetValue<string>());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonObject>("/api/outbox/failed"))!["count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/outbox/failed/{id}/requeue", null)).StatusCode);
    }

    [Fact]
    public async Task A_conversation_reinstalled_while_a_send_to_it_is_answered_404_stays_active_and_its_messages_arrive()
    {
        await using var host = OutboxHost.Start(new Dictionary<string, string?> { ["Bot:Outbox:MinBackoff"] = "00:00:00.100" });
        await host.SeedConversationsAsync(_connector, ["a:1"]);
        // The answer is held long enough for the reinstall to happen while the request is out.
        _connector.Delay = TimeSpan.FromSeconds(2);
        _connector.FailNext("a:1", 404, SubCodes.ConversationNotFound);

        await host.WithOutboxAsync(o => o.SendAsync("a:1", OutboxHost.Message("before")));
        await Eventually.UntilAsync(() => _connector.Requests.Count >= 1, Patience, "the send to reach the Connector");
        _connector.Delay = TimeSpan.Zero;
        await host.SeedConversationsAsync(_connector, ["a:1"]);
        await host.WithOutboxAsync(o => o.SendAsync("a:1", OutboxHost.Message("welcome")));
        var entries = await host.WaitUntilFinishedAsync(Patience);

        Assert.Equal(404, _connector.Attempts.First().Status);
        Assert.Equal(ConversationState.Active, (await host.ConversationAsync("a:1"))!.State);
        Assert.All(entries, e => Assert.Equal(OutboxState.Sent, e.State));
        Assert.Equal(["before", "welcome"], _connector.Received("a:1").Select(r => r.Text));
    }

    /// <summary>Every log entry the host writes, with its level and event id.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _entries = new();

        public IReadOnlyCollection<(LogLevel Level, EventId EventId, string Message)> Entries => _entries.ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(_entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, EventId, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, eventId, formatter(state, exception)));
        }
    }
}
