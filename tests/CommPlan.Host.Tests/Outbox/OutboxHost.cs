using CommPlan.Application.Storage;
using CommPlan.Host.Outbox;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Teams.Schema;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>The real host on the real clock, sending to a loopback Bot Connector; helpers to seed, write and wait.</summary>
public sealed class OutboxHost(AppFactory factory) : IAsyncDisposable
{
    public AppFactory Factory { get; } = factory;

    public static OutboxHost Start(IDictionary<string, string?>? settings = null, string? folder = null, bool deleteFolder = true,
        Action<IServiceCollection>? services = null)
    {
        var factory = new AppFactory(settings, folder) { UsesSystemClock = true, DeleteFolderOnDispose = deleteFolder, ConfigureTestServices = services };
        _ = factory.Services; // starts the host, and with it the sender
        return new OutboxHost(factory);
    }

    public static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    public async Task SeedConversationsAsync(LoopbackConnectorServer server, IEnumerable<string> conversationIds)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IConversationStore>();
        foreach (var id in conversationIds)
        {
            // Teams' thread ids ("…;messageid=…") belong to the channel's record.
            await store.UpsertAsync(new ConversationRecord(ConversationIds.Base(id), server.ServiceUrl, "tenant-1", ConversationKind.Personal, "28:bot",
                "29:" + id, Guid.NewGuid().ToString(), null, null, "sv-SE", ConversationState.Active, null, DateTimeOffset.UtcNow));
        }
    }

    public async Task<T> WithOutboxAsync<T>(Func<BotOutbox, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BotOutbox>());
    }

    public async Task<IReadOnlyList<OutboxEntry>> EntriesAsync(string? conversationId = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync(conversationId);
    }

    public async Task<ConversationRecord?> ConversationAsync(string id)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationStore>().GetAsync(id);
    }

    /// <summary>Waits until every outbox entry is finished (Sent, Failed or Dead).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> WaitUntilFinishedAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var entries = await EntriesAsync();
            if (entries.All(e => e.IsFinished)) return entries;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{entries.Count(e => !e.IsFinished)} of {entries.Count} outbox entries are still unfinished: " +
                    string.Join("; ", entries.Where(e => !e.IsFinished).Take(5).Select(e => $"{e.ConversationId} {e.State} #{e.Attempts} {e.LastError}")));
            await Task.Delay(1000);
        }
    }

    public static Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what) => Eventually.UntilAsync(condition, timeout, what);

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
