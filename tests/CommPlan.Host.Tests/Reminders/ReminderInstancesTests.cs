using CommPlan.Host.Tests.Hosting;
using CommPlan.Testing;
using Xunit.Abstractions;
using static CommPlan.Host.Tests.Reminders.ReminderProcessScenario;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// Two hosts as operators run them (<c>dotnet CommPlan.Host.dll</c>, real processes) on one database, started together
/// so that both schedulers sweep the same due reminders at once, sending to one loopback Bot Connector: every owner's
/// chat gets exactly one reminder, the outbox keeps none pending, and the delivery report lists each once, as sent.
/// On the embedded SQLite file (both processes open it) and on PostgreSQL.
/// </summary>
public sealed class ReminderInstancesTests(ITestOutputHelper output)
{
    private const int Owners = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Two_hosts_on_one_sqlite_file_send_every_due_reminder_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("commplan-reminder-instances-").FullName;
        try
        {
            await TwoHostsAsync(new Dictionary<string, string?>
            {
                ["Storage__DatabasePath"] = Path.Combine(folder, "app.db"),
                ["Storage__DocumentsFolder"] = Path.Combine(folder, "documents"),
            });
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a file still held by an exiting process: the temp folder is cleaned by the system */ }
        }
    }

    [Fact]
    public async Task Postgres_two_hosts_on_one_database_send_every_due_reminder_exactly_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await TwoHostsAsync(new Dictionary<string, string?>
        {
            ["Storage__State"] = "Postgres",
            ["ConnectionStrings__CommPlanState"] = database.ConnectionString,
        });
    }

    private async Task TwoHostsAsync(Dictionary<string, string?> storage)
    {
        await using var connector = await LoopbackConnectorServer.StartAsync();
        var scenario = ReminderProcessScenario.Now();
        Dictionary<string, string?> Settings(string url, bool reminders)
        {
            var settings = scenario.CalendarSettings();
            foreach (var (key, value) in storage) settings[key] = value;
            settings["ASPNETCORE_URLS"] = url;
            settings["Reminders__Enabled"] = reminders ? "true" : "false";
            settings["Reminders__Interval"] = "00:00:01";
            settings["Bot__Outbox__MinBackoff"] = "00:00:00.200";
            settings["Bot__Outbox__MaxBackoff"] = "00:00:01";
            return settings;
        }

        // The plan, its policy and the owners, written by a host that does not remind; it migrates the database once.
        var setupUrl = $"http://127.0.0.1:{HostProcess.FreePort()}";
        await using (var setup = HostProcess.Start(Settings(setupUrl, reminders: false)))
        {
            await scenario.SeedAsync(await setup.WaitUntilServingAsync(setupUrl), connector.ServiceUrl, Owners);
        }

        // Both started before either serves: each scheduler's first sweep runs as its host starts, over the same owners.
        var (firstUrl, secondUrl) = ($"http://127.0.0.1:{HostProcess.FreePort()}", $"http://127.0.0.1:{HostProcess.FreePort()}");
        await using var first = HostProcess.Start(Settings(firstUrl, reminders: true));
        await using var second = HostProcess.Start(Settings(secondUrl, reminders: true));
        await Eventually.UntilAsync(() => RemindersAt(connector).Count() >= Owners || first.HasExited || second.HasExited, Patience,
            $"{Owners} reminders at the Connector (have {RemindersAt(connector).Count()})");
        Assert.False(first.HasExited, "The first host stopped:\n" + first.Output + first.Error);
        Assert.False(second.HasExited, "The second host stopped:\n" + second.Output + second.Error);
        var client = await first.WaitUntilServingAsync(firstUrl);
        // Everything queued is sent before counting: a second card for anyone would have had to be queued by then.
        var report = await scenario.ReportAsync(client);
        var until = DateTime.UtcNow + Patience;
        while (report.Count < Owners || report.Any(line => line!["state"]!.GetValue<string>() != "sent"))
        {
            Assert.True(DateTime.UtcNow < until, $"The report was still not {Owners} lines, all sent, after {Patience}: " +
                string.Join("; ", report.Where(l => l!["state"]!.GetValue<string>() != "sent").Take(5).Select(l => $"{l!["recipientName"]} {l["state"]} {l["reason"]}")));
            await Task.Delay(200);
            report = await scenario.ReportAsync(client);
        }

        output.WriteLine("First host's sweeps:\n" + Sweeps(first) + "\nSecond host's sweeps:\n" + Sweeps(second));
        var perChat = RemindersAt(connector).GroupBy(r => r.ConversationId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Owners, perChat.Count);
        Assert.All(Enumerable.Range(0, Owners), n => Assert.Equal(1, perChat.GetValueOrDefault(Chat(n))));
        Assert.Equal(Owners, report.Count);
        var perOwner = report.GroupBy(l => l!["recipientKey"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, Owners), n => Assert.Equal(1, perOwner.GetValueOrDefault(OwnerId(n).ToString("D"))));
        // The other host's report is the same store's: it too lists each owner once.
        Assert.Equal(Owners, (await scenario.ReportAsync(await second.WaitUntilServingAsync(secondUrl))).Count);
    }

    private static string Sweeps(HostProcess host) =>
        string.Join("\n", host.Output.Split('\n').Where(line => line.Contains("Reminder sweep", StringComparison.Ordinal)));
}
