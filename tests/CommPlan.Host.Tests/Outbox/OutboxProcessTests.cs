using System.Net;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Testing;
using Xunit.Abstractions;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Outbox;

/// <summary>
/// The host as operators run it (its own process, killed with SIGKILL where a test says so) against a loopback Bot
/// Connector that goes away and comes back: every reply is counted where Teams would count it.
/// </summary>
public sealed class OutboxProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>Unknown commands are answered with the help card, which quotes them: each reply names its message.</summary>
    private static string Command(int n) => $"x{n:D3}y";

    private static async Task PostAsync(HttpClient client, System.Text.Json.Nodes.JsonObject activity) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostActivityAsync(activity)).StatusCode);

    private static Dictionary<string, int> CountReplies(IEnumerable<ReceivedActivity> received, int count) =>
        Enumerable.Range(1, count).Select(Command).ToDictionary(c => c,
            c => received.Count(r => r.Activity.Attachments?[0].Content?.GetRawText().Contains(c, StringComparison.Ordinal) == true));

    [Fact]
    public async Task Replies_written_while_the_Connector_is_down_arrive_once_when_it_is_back()
    {
        var port = HostProcess.FreePort();
        var connector = await LoopbackConnectorServer.StartAsync(port: port);
        await using var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            // Short waits, so that the outage spans many more attempts than the eight after which replies used to be dropped.
            ["Bot__Outbox__MinBackoff"] = "00:00:00.200",
            ["Bot__Outbox__MaxBackoff"] = "00:00:01",
            ["Bot__Outbox__GiveUpAfter"] = "00:10:00",
        });
        var (host, client) = (serving.Host, serving.Client);
        try
        {
            var install = Personal("installationUpdate", serviceUrl: connector.ServiceUrl, expectReplies: false);
            install["action"] = "add";
            await PostAsync(client, install);
            await Eventually.UntilAsync(() => connector.Received(PersonalConversation).Count == 1, Patience, "the welcome");

            await connector.DisposeAsync();
            for (var n = 1; n <= 5; n++) await PostAsync(client, Personal("message", Command(n), serviceUrl: "http://127.0.0.1:" + port + "/", expectReplies: false));
            // The outage: refused connections for longer than the old eight attempts lasted.
            await Task.Delay(TimeSpan.FromSeconds(15));
            Assert.Contains("Nothing in the outbox was given up on", await client.GetStringAsync("/health"));
            connector = await LoopbackConnectorServer.StartAsync(port: port);

            await Eventually.UntilAsync(() => connector.Received(PersonalConversation).Count >= 5, Patience, "the five replies after the outage");
            var counts = CountReplies(connector.Received(PersonalConversation), 5);
            Assert.All(counts, c => Assert.Equal(1, c.Value));
            Assert.Contains("\"status\":\"Healthy\"", await client.GetStringAsync("/health"));
        }
        finally
        {
            await connector.DisposeAsync();
            output.WriteLine(host.Output);
        }
    }

    [Fact]
    public async Task After_a_kill_and_a_restart_one_conversation_gets_no_more_than_the_Teams_limit_in_any_30_seconds()
    {
        const int messages = 74; // and the welcome: 75 replies to one conversation, more than 60 in 30 s allow
        await using var connector = await LoopbackConnectorServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("commplan-window-").FullName;
        Dictionary<string, string?> Settings(int port) => new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__DatabasePath"] = Path.Combine(data, "app.db"),
            ["Storage__DocumentsFolder"] = Path.Combine(data, "documents"),
        };
        var port = 0;
        try
        {
            await using (var first = await HostProcess.StartServingAsync(Settings))
            {
                var client = first.Client;
                port = new Uri(first.Url).Port;
                var install = Personal("installationUpdate", serviceUrl: connector.ServiceUrl, expectReplies: false);
                install["action"] = "add";
                await PostAsync(client, install);
                for (var n = 1; n <= messages; n++) await PostAsync(client, Personal("message", Command(n), serviceUrl: connector.ServiceUrl, expectReplies: false));
                await Eventually.UntilAsync(() => connector.Received(PersonalConversation).Count >= 40, Patience, "40 replies before the kill");
            } // SIGKILL: the process gets no chance to finish anything

            output.WriteLine($"Killed after {connector.Received(PersonalConversation).Count} replies.");
            // The same address again, as a restarted service keeps its own.
            await using var second = HostProcess.Start(Settings(port));
            await second.WaitUntilServingAsync($"http://127.0.0.1:{port}");
            await Eventually.UntilAsync(() => CountReplies(connector.Received(PersonalConversation), messages).All(c => c.Value >= 1), Patience,
                "every reply after the restart");

            var counts = CountReplies(connector.Received(PersonalConversation), messages);
            // At most the one reply in flight at the kill arrives twice.
            Assert.InRange(counts.Sum(c => c.Value) - messages, 0, 1);
            output.WriteLine($"Busiest 30 s: {connector.BusiestWindow(TimeSpan.FromSeconds(30), PersonalConversation)}; busiest 2 s: " +
                $"{connector.BusiestWindow(TimeSpan.FromSeconds(2), PersonalConversation)}.");
            Assert.Empty(connector.LimitBreaches());
            Assert.Equal(0, connector.LimitThrottles);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
