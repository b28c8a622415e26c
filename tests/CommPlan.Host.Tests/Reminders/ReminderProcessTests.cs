using System.Net;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static CommPlan.Host.Tests.Reminders.ReminderProcessScenario;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// The host as operators run it (<c>dotnet CommPlan.Host.dll</c>), on the real clock with a calendar in which today is
/// a working day (<see cref="ReminderProcessScenario"/>), killed with SIGKILL while its
/// first reminder sweep is writing the ledger, then started again on the same database: every owner gets their
/// reminder exactly once at the loopback Bot Connector. The Connector is down while the killed process runs, so what
/// arrives is what the ledger and outbox decided, not a send cut off half-way (which the outbox may repeat).
/// </summary>
public sealed class ReminderProcessTests(ITestOutputHelper output)
{
    private const int Owners = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 5;
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 1 or 5 or 6)
        {
            return -1; // no table yet, or busy for a moment
        }
    }

    private static Dictionary<string, string?> Settings(ReminderProcessScenario scenario, string url, string folder, bool reminders)
    {
        var settings = scenario.CalendarSettings();
        settings["ASPNETCORE_URLS"] = url;
        settings["Storage__DatabasePath"] = Path.Combine(folder, "app.db");
        settings["Storage__DocumentsFolder"] = Path.Combine(folder, "documents");
        settings["Reminders__Enabled"] = reminders ? "true" : "false";
        settings["Reminders__Interval"] = "00:00:02";
        settings["Bot__Outbox__MinBackoff"] = "00:00:00.200";
        settings["Bot__Outbox__MaxBackoff"] = "00:00:01";
        return settings;
    }

    [Fact]
    public async Task A_host_killed_in_the_middle_of_a_sweep_and_started_again_sends_every_due_reminder_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("commplan-reminders-").FullName;
        var database = Path.Combine(folder, "app.db");
        var port = HostProcess.FreePort();
        var connector = await LoopbackConnectorServer.StartAsync(port: port);
        var scenario = ReminderProcessScenario.Now();
        try
        {
            // The plan, its policy (all day, one working day ahead) and the owners with their personal chats.
            var url = $"http://127.0.0.1:{HostProcess.FreePort()}";
            await using (var setup = HostProcess.Start(Settings(scenario, url, folder, reminders: false)))
            {
                var client = await setup.WaitUntilServingAsync(url);
                await scenario.SeedAsync(client, connector.ServiceUrl, Owners);
                setup.KillNow();
            }

            // The Connector goes away: nothing the next process sends can arrive half-way.
            await connector.DisposeAsync();
            var killedMidSweep = false;
            await using (var first = HostProcess.Start(Settings(scenario, url, folder, reminders: true)))
            {
                var until = DateTime.UtcNow + Patience;
                while (DateTime.UtcNow < until && !first.HasExited && await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries") <= 0)
                    await Task.Delay(5);
                first.KillNow();
                var recorded = await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries");
                killedMidSweep = recorded > 0 && recorded < Owners;
                output.WriteLine($"Killed with {recorded} of {Owners} reminders in the ledger.");
                Assert.True(recorded < Owners, $"The sweep had written all {Owners} reminders before the kill; the test needs more owners.\n{first.Output}");
            }

            connector = await LoopbackConnectorServer.StartAsync(port: port);
            await using var second = HostProcess.Start(Settings(scenario, url, folder, reminders: true));
            var again = await second.WaitUntilServingAsync(url);
            await Eventually.UntilAsync(() => RemindersAt(connector).Count() >= Owners, Patience,
                $"{Owners} reminders at the Connector (have {RemindersAt(connector).Count()})");
            // Everything the ledger queued is finished before counting: a duplicate would have to be in the outbox.
            await UntilAsync(async () => await CountAsync(database, "SELECT COUNT(*) FROM outbox WHERE State IN ('Pending','Sending') AND CorrelationKey LIKE 'reminder:%'") == 0,
                Patience, "the outbox's reminders all finished");

            Assert.True(killedMidSweep, "The first process was to be killed while its sweep was writing.");
            Assert.Equal(Owners, await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries"));
            var perChat = RemindersAt(connector).GroupBy(r => r.ConversationId).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(Owners, perChat.Count);
            Assert.All(Enumerable.Range(0, Owners), n => Assert.Equal(1, perChat.GetValueOrDefault(Chat(n))));
            Assert.Contains("\"status\":\"Healthy\"", await again.GetStringAsync("/health"));
        }
        finally
        {
            await connector.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a file still held by an exiting process: the temp folder is cleaned by the system */ }
        }
    }

    /// <summary>Polls an asynchronous condition until it holds, failing with <paramref name="what"/> at the deadline.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Waited {timeout} for {what}.");
            await Task.Delay(50);
        }
    }
}
