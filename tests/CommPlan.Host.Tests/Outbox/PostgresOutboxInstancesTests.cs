using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Storage.Postgres;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>
/// Two real host processes on one PostgreSQL database, sending one outbox to a loopback Bot Connector that enforces
/// the documented Teams limits; one of them is killed (SIGKILL) mid-drain.
/// </summary>
public sealed class PostgresOutboxInstancesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Conversations = 200, PerConversation = 10;
    private LoopbackConnectorServer _connector = null!;
    private PostgresDatabase _database = null!;
    private ServiceProvider _state = null!;

    public async Task InitializeAsync()
    {
        _connector = await LoopbackConnectorServer.StartAsync();
        _database = await PostgresDatabase.CreateAsync();
        _state = new ServiceCollection().AddLogging()
            .AddPostgresState(new PostgresStateOptions(_database.ConnectionString, TimeSpan.FromMinutes(1), "test"), Path.GetTempPath())
            .BuildServiceProvider();
        await PostgresStorage.MigrateAsync(_state, null, default);
    }

    public async Task DisposeAsync()
    {
        await _state.DisposeAsync();
        await _database.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private static string Conversation(int i) => $"a:{i:D3}";

    private static string Text(int conversation, int number) => $"{conversation}/{number}";

    private async Task<IReadOnlyList<OutboxEntry>> EntriesAsync()
    {
        await using var scope = _state.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync();
    }

    private async Task<HostProcess> StartHostAsync()
    {
        var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__State"] = "Postgres",
            ["ConnectionStrings__CommPlanState"] = _database.ConnectionString,
            // A short lease, so that the dead instance's claims are taken over within the test.
            ["Storage__ClaimLease"] = "00:00:08",
            ["Bot__Outbox__RequestTimeout"] = "00:00:05",
            ["Bot__Outbox__Instances"] = "2",
        });
        serving.Client.Dispose();
        return serving.Host;
    }

    [Fact]
    public async Task Two_instances_deliver_every_entry_once_in_order_within_the_limits_though_one_is_killed_mid_drain()
    {
        await using (var scope = _state.CreateAsyncScope())
        {
            var conversations = scope.ServiceProvider.GetRequiredService<IConversationStore>();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutboxStore>();
            for (var c = 0; c < Conversations; c++)
                await conversations.UpsertAsync(new ConversationRecord(Conversation(c), _connector.ServiceUrl, "tenant-1", ConversationKind.Personal, "28:bot",
                    "29:" + c, Guid.NewGuid().ToString(), null, null, "sv-SE", ConversationState.Active, null, DateTimeOffset.UtcNow));
            for (var n = 1; n <= PerConversation; n++)
            for (var c = 0; c < Conversations; c++)
                await outbox.EnqueueAsync(new NewOutboxEntry(Conversation(c), OutboxOperation.Send, $$"""{"type":"message","text":"{{Text(c, n)}}"}"""), DateTimeOffset.UtcNow);
        }

        // Both must be serving: a host that could not bind its port would leave the other to drain alone.
        var hosts = await Task.WhenAll(StartHostAsync(), StartHostAsync());
        await using var first = hosts[0];
        await using var second = hosts[1];
        await OutboxHost.WaitForAsync(() => _connector.Accepted >= 600 || first.HasExited || second.HasExited, TimeSpan.FromMinutes(3), "600 deliveries");
        Assert.False(first.HasExited, "the first host stopped by itself:\n" + first.Output + first.Error);
        Assert.False(second.HasExited, "the second host stopped by itself:\n" + second.Output + second.Error);

        first.KillNow();
        var atKill = await EntriesAsync();
        var inFlight = atKill.Where(e => e.State == OutboxState.Sending).Select(e => e.Id).ToHashSet();
        var inFlightAtKill = inFlight.Count;
        output.WriteLine($"Killed one instance after {_connector.Accepted} accepted: {atKill.Count(e => e.State == OutboxState.Sent)} recorded as sent, " +
            $"{inFlightAtKill} in flight (either instance), {atKill.Count(e => e.State == OutboxState.Pending)} pending.");
        Assert.True(atKill.Count(e => e.State == OutboxState.Pending) > 0, "the kill fell mid-drain");

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        IReadOnlyList<OutboxEntry> entries;
        while (!(entries = await EntriesAsync()).All(e => e.IsFinished))
        {
            Assert.False(second.HasExited, "the surviving host stopped:\n" + second.Output + second.Error);
            Assert.True(DateTime.UtcNow < deadline, $"{entries.Count(e => !e.IsFinished)} of {entries.Count} entries were still unfinished after 3 minutes: " +
                string.Join("; ", entries.Where(e => !e.IsFinished).Take(5).Select(e => $"{e.ConversationId} {e.State} #{e.Attempts} {e.LastError}")));
            await Task.Delay(500);
        }

        Assert.All(entries, e => Assert.Equal(OutboxState.Sent, e.State));
        var duplicates = 0;
        for (var c = 0; c < Conversations; c++)
        {
            var texts = _connector.Received(Conversation(c)).Select(r => r.Text).ToArray();
            var distinct = texts.Distinct().ToArray();
            duplicates += texts.Length - distinct.Length;
            Assert.Equal(Enumerable.Range(1, PerConversation).Select(n => Text(c, n)), distinct);
            // A message sent twice arrives twice in a row: nothing overtakes it.
            Assert.Equal(distinct, texts.Where((t, i) => i == 0 || texts[i - 1] != t));
        }
        output.WriteLine($"Delivered {Conversations * PerConversation} entries; {duplicates} arrived twice (in flight at the kill: {inFlightAtKill}); " +
            $"429s for exceeding a limit: {_connector.LimitThrottles}.");
        // A message arrives twice only when the outbox sent its entry twice: it was in flight at the kill (taken over
        // after the lease), or, on this busy machine, its request timed out on the way and was retried.
        var byText = entries.ToDictionary(e => e.PayloadJson.Split("\"text\":\"")[1].TrimEnd('"', '}'));
        var twice = _connector.AllReceived().Values.SelectMany(r => r).GroupBy(r => r.Text!).Where(g => g.Count() > 1).Select(g => byText[g.Key]).ToArray();
        output.WriteLine("Arrived twice: " + string.Join("; ", twice.Select(e => $"{e.ConversationId} #{e.Attempts}{(inFlight.Contains(e.Id) ? " in flight at the kill" : "")}")));
        Assert.All(twice, e => Assert.True(inFlight.Contains(e.Id) || e.Attempts > 1, $"{e.ConversationId}: sent once by the outbox yet arrived twice"));
        Assert.All(inFlight, id => Assert.Equal(OutboxState.Sent, entries.Single(e => e.Id == id).State));
        Assert.Empty(_connector.LimitBreaches());
    }
}
