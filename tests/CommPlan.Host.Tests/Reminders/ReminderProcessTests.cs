using System.Net;
using CommPlan.Domain.Calendar;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static CommPlan.Host.Tests.Bot.BotActivities;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// The host as operators run it (<c>dotnet CommPlan.Host.dll</c>), on the real clock, killed with SIGKILL while its
/// first reminder sweep is writing the ledger, then started again on the same database: every owner gets their
/// reminder exactly once at the loopback Bot Connector. The Connector is down while the killed process runs, so what
/// arrives is what the ledger and outbox decided, not a send cut off half-way (which the outbox may repeat).
/// </summary>
public sealed class ReminderProcessTests(ITestOutputHelper output)
{
    private const int Owners = 300;
    private const string Title = "Påminnelseprov";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A time zone where it is a working day now (Swedish calendar), well inside the day: the real clock decides the
    /// day, and the organisation's zone is a setting. Stockholm when it qualifies.
    /// </summary>
    private static (string Zone, DateOnly Today)? WorkingZone()
    {
        var now = DateTimeOffset.UtcNow;
        var zones = TimeZoneInfo.GetSystemTimeZones().OrderBy(z => z.Id == "Europe/Stockholm" ? 0 : 1);
        foreach (var zone in zones)
        {
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var day = DateOnly.FromDateTime(local.DateTime);
            if (WorkingDayCalendar.SwedishDefault.IsWorkingDay(day) && local.TimeOfDay > TimeSpan.FromHours(1) && local.TimeOfDay < TimeSpan.FromHours(21))
                return (zone.Id, day);
        }
        return null;
    }

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

    private static Dictionary<string, string?> Settings(string url, string folder, string zone, bool reminders) => new()
    {
        ["ASPNETCORE_URLS"] = url,
        ["Storage__DatabasePath"] = Path.Combine(folder, "app.db"),
        ["Storage__DocumentsFolder"] = Path.Combine(folder, "documents"),
        ["Organisation__TimeZone"] = zone,
        ["Reminders__Enabled"] = reminders ? "true" : "false",
        ["Reminders__Interval"] = "00:00:02",
        ["Bot__Outbox__MinBackoff"] = "00:00:00.200",
        ["Bot__Outbox__MaxBackoff"] = "00:00:01",
    };

    [Fact]
    public async Task A_host_killed_in_the_middle_of_a_sweep_and_started_again_sends_every_due_reminder_exactly_once()
    {
        var folder = Directory.CreateTempSubdirectory("commplan-reminders-").FullName;
        var database = Path.Combine(folder, "app.db");
        var port = HostProcess.FreePort();
        var connector = await LoopbackConnectorServer.StartAsync(port: port);
        var working = WorkingZone();
        try
        {
            // Between Saturday noon and Sunday morning (UTC) no zone has a working day: then the sweeps must send nothing.
            var (zone, today) = working ?? ("Europe/Stockholm", DateOnly.FromDateTime(DateTime.UtcNow));
            var deadline = WorkingDayCalendar.SwedishDefault.AddWorkingDays(today, 1);

            // The plan, its policy (all day, one working day ahead) and the owners with their personal chats.
            var url = $"http://127.0.0.1:{HostProcess.FreePort()}";
            await using (var setup = HostProcess.Start(Settings(url, folder, zone, reminders: false)))
            {
                var client = await setup.WaitUntilServingAsync(url);
                var policy = await client.SendAsync(HttpMethod.Put, $"/api/plans/{DemoPlanId}/reminders/policy",
                    Json(new { leadWorkingDays = new[] { 1 }, onTheDay = false, lateReminders = 0, sendFrom = "00:00", sendUntil = "23:59" }), "\"default\"");
                Assert.True(policy.StatusCode == HttpStatusCode.OK, await policy.Content.ReadAsStringAsync());
                for (var n = 0; n < Owners; n++)
                {
                    var owner = OwnerId(n);
                    var install = Personal("installationUpdate", aadObjectId: owner.ToString(), conversationId: Chat(n), serviceUrl: connector.ServiceUrl, expectReplies: false);
                    install["action"] = "add";
                    Assert.Equal(HttpStatusCode.OK, (await client.PostActivityAsync(install)).StatusCode);
                    var created = await client.PostJsonAsync(Activities, new Dictionary<string, object?>
                    {
                        ["title"] = $"{Title} {n}",
                        ["unit"] = "repris",
                        ["period"] = new { from = today.AddDays(-20).ToString("yyyy-MM-dd"), to = deadline.ToString("yyyy-MM-dd") },
                        ["channels"] = new[] { "annons" },
                        ["targetGroups"] = new[] { "allmanhet" },
                        ["goals"] = new[] { "intresse" },
                        ["owner"] = new { objectId = owner, displayName = $"Ägare {n}" },
                    });
                    Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
                }
                setup.KillNow();
            }

            // The Connector goes away: nothing the next process sends can arrive half-way.
            await connector.DisposeAsync();
            var killedMidSweep = false;
            await using (var first = HostProcess.Start(Settings(url, folder, zone, reminders: true)))
            {
                if (working is null) await first.WaitUntilServingAsync(url);
                var until = DateTime.UtcNow + Patience;
                while (working is not null && DateTime.UtcNow < until && !first.HasExited && await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries") <= 0)
                    await Task.Delay(5);
                first.KillNow();
                var recorded = await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries");
                killedMidSweep = recorded > 0 && recorded < Owners;
                output.WriteLine($"Killed with {recorded} of {Owners} reminders in the ledger.");
                if (working is not null) Assert.True(recorded < Owners, $"The sweep had written all {Owners} reminders before the kill; the test needs more owners.\n{first.Output}");
            }

            connector = await LoopbackConnectorServer.StartAsync(port: port);
            await using var second = HostProcess.Start(Settings(url, folder, zone, reminders: true));
            var again = await second.WaitUntilServingAsync(url);
            if (working is null)
            {
                Assert.Equal(0, await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries"));
                Assert.Empty(Reminders(connector));
                return;
            }
            await Eventually.UntilAsync(() => Reminders(connector).Count() >= Owners, Patience,
                $"{Owners} reminders at the Connector (have {Reminders(connector).Count()})");
            // Everything the ledger queued is finished before counting: a duplicate would have to be in the outbox.
            await UntilAsync(async () => await CountAsync(database, "SELECT COUNT(*) FROM outbox WHERE State IN ('Pending','Sending') AND CorrelationKey LIKE 'reminder:%'") == 0,
                Patience, "the outbox's reminders all finished");

            Assert.True(killedMidSweep, "The first process was to be killed while its sweep was writing.");
            Assert.Equal(Owners, await CountAsync(database, "SELECT COUNT(*) FROM reminder_deliveries"));
            var perChat = Reminders(connector).GroupBy(r => r.ConversationId).ToDictionary(g => g.Key, g => g.Count());
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

    private static IEnumerable<ReceivedActivity> Reminders(LoopbackConnectorServer connector) =>
        connector.AllReceived().Values.SelectMany(r => r).Where(r => r.Activity.Summary?.StartsWith(Title, StringComparison.Ordinal) == true);

    private static Guid OwnerId(int n) => new($"7e570000-0000-4000-8000-{n:D12}");

    private static string Chat(int n) => "a:1reminder-owner-" + n;

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
