using CommPlan.Application.Storage;
using CommPlan.Host.Outbox;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>
/// The documented Teams limits as the service measures them: on arrival, per sliding window, counted by the
/// loopback Bot Connector with its own code rather than the app's limiter.
/// </summary>
public sealed class OutboxLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LoopbackConnectorServer _connector = null!;

    public async Task InitializeAsync() => _connector = await LoopbackConnectorServer.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_burst_to_many_conversations_and_a_few_busy_ones_keeps_every_limit_as_measured_at_the_connector()
    {
        // Enough conversations to fill the app's 50 a second many times over, and two that each get more than their own
        // 7 a second, 8 in 2 seconds.
        var many = Enumerable.Range(0, 300).Select(i => $"a:{i:D3}").ToArray();
        string[] busy = ["a:busy-1", "a:busy-2;messageid=9"];
        await using var host = OutboxHost.Start();
        await host.SeedConversationsAsync(_connector, [.. many, .. busy]);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<BotOutbox>();
            for (var n = 1; n <= 20; n++)
            {
                foreach (var id in busy) await outbox.SendAsync(id, OutboxHost.Message($"{id}/{n}"));
                if (n > 2) continue;
                foreach (var id in many) await outbox.SendAsync(id, OutboxHost.Message($"{id}/{n}"));
            }
        }
        var entries = await host.WaitUntilFinishedAsync(TimeSpan.FromSeconds(120));

        Assert.All(entries, e => Assert.Equal(OutboxState.Sent, e.State));
        Assert.Equal(many.Length * 2 + busy.Length * 20, _connector.Accepted);
        output.WriteLine($"Busiest second for the app: {_connector.BusiestWindow(TimeSpan.FromSeconds(1))}; for {busy[0]}: " +
            $"{_connector.BusiestWindow(TimeSpan.FromSeconds(1), busy[0])} in 1 s, {_connector.BusiestWindow(TimeSpan.FromSeconds(2), busy[0])} in 2 s.");
        Assert.Empty(_connector.LimitBreaches());
        Assert.Equal(0, _connector.LimitThrottles);
    }
}
