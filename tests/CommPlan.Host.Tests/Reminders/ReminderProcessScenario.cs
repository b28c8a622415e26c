using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Domain.Calendar;
using CommPlan.Testing;
using static CommPlan.Host.Tests.Bot.BotActivities;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// What the reminder process tests share: an organisation whose configured calendar makes today a working day (a desk
/// staffed every day of the year, through public holidays), in a time zone where it is well inside the day, so the
/// hosts on the real clock always have reminders to send, on any day of the week; and many owners with a personal chat
/// and one activity each whose only reminder point is today.
/// </summary>
public sealed class ReminderProcessScenario
{
    public const string Title = "Påminnelseprov";

    private ReminderProcessScenario(string zone, DateOnly today, ExtraDayOff extraDayOff)
    {
        Zone = zone;
        Today = today;
        ExtraDayOff = extraDayOff;
        Calendar = new WorkingDayCalendar(Country.Sweden, [extraDayOff], workingDays: Enum.GetValues<DayOfWeek>(), observePublicHolidays: false);
    }

    public string Zone { get; }
    public DateOnly Today { get; }

    /// <summary>One extra day off that is not today: left out, the Swedish ones would apply, and today might be one of them.</summary>
    public ExtraDayOff ExtraDayOff { get; }

    /// <summary>The calendar the hosts build from <see cref="CalendarSettings"/>.</summary>
    public WorkingDayCalendar Calendar { get; }

    /// <summary>Every activity's deadline: one working day ahead, so the policy's one point is today.</summary>
    public DateOnly Deadline => Calendar.AddWorkingDays(Today, 1);

    /// <summary>
    /// Stockholm when it is between 01:00 and 21:00 there, else the first zone where it is: the tests' sweeps and sends
    /// finish before midnight, inside the policy's all-day window. Some zone always qualifies (they span 26 hours).
    /// </summary>
    public static ReminderProcessScenario Now()
    {
        var now = DateTimeOffset.UtcNow;
        var (zone, local) = TimeZoneInfo.GetSystemTimeZones()
            .OrderBy(z => z.Id == "Europe/Stockholm" ? 0 : 1)
            .Select(z => (z.Id, Local: TimeZoneInfo.ConvertTime(now, z)))
            .First(z => z.Local.TimeOfDay > TimeSpan.FromHours(1) && z.Local.TimeOfDay < TimeSpan.FromHours(21));
        var today = DateOnly.FromDateTime(local.DateTime);
        var extra = Enum.GetValues<ExtraDayOff>().First(d => new WorkingDayCalendar(Country.Sweden, [d], workingDays: Enum.GetValues<DayOfWeek>(),
            observePublicHolidays: false).IsWorkingDay(today));
        return new ReminderProcessScenario(zone, today, extra);
    }

    /// <summary>The organisation's settings as environment variables: its zone, every weekday worked, public holidays too.</summary>
    public Dictionary<string, string?> CalendarSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Organisation__Country"] = "Sweden",
            ["Organisation__TimeZone"] = Zone,
            ["Organisation__ObservePublicHolidays"] = "false",
            ["Organisation__ExtraDaysOff__0"] = ExtraDayOff.ToString(),
        };
        var days = Enum.GetValues<DayOfWeek>();
        for (var i = 0; i < days.Length; i++) settings[$"Organisation__WorkingDays__{i}"] = days[i].ToString();
        return settings;
    }

    /// <summary>
    /// Through a running host: the demo plan's policy (one working day ahead, all day), and per owner a personal chat at
    /// the Connector and an activity due at <see cref="Deadline"/>.
    /// </summary>
    public async Task SeedAsync(HttpClient client, string serviceUrl, int owners)
    {
        var policy = await client.SendAsync(HttpMethod.Put, $"/api/plans/{DemoPlanId}/reminders/policy",
            Json(new { leadWorkingDays = new[] { 1 }, onTheDay = false, lateReminders = 0, sendFrom = "00:00", sendUntil = "23:59" }), "\"default\"");
        Assert.True(policy.StatusCode == HttpStatusCode.OK, await policy.Content.ReadAsStringAsync());
        for (var n = 0; n < owners; n++)
        {
            var owner = OwnerId(n);
            var install = Personal("installationUpdate", aadObjectId: owner.ToString(), conversationId: Chat(n), serviceUrl: serviceUrl, expectReplies: false);
            install["action"] = "add";
            Assert.Equal(HttpStatusCode.OK, (await client.PostActivityAsync(install)).StatusCode);
            var created = await client.PostJsonAsync(Activities, new Dictionary<string, object?>
            {
                ["title"] = $"{Title} {n}",
                ["unit"] = "repris",
                ["period"] = new { from = Today.AddDays(-20).ToString("yyyy-MM-dd"), to = Deadline.ToString("yyyy-MM-dd") },
                ["channels"] = new[] { "annons" },
                ["targetGroups"] = new[] { "allmanhet" },
                ["goals"] = new[] { "intresse" },
                ["owner"] = new { objectId = owner, displayName = $"Ägare {n}" },
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Today's lines of the demo plan's delivery report, as communicators read it.</summary>
    public async Task<JsonArray> ReportAsync(HttpClient client)
    {
        var day = Today.ToString("yyyy-MM-dd");
        var response = await client.GetAsync($"/api/plans/{DemoPlanId}/reminders/deliveries?from={day}&to={day}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    public static IEnumerable<ReceivedActivity> RemindersAt(LoopbackConnectorServer connector) =>
        connector.AllReceived().Values.SelectMany(r => r).Where(r => r.Activity.Summary?.StartsWith(Title, StringComparison.Ordinal) == true);

    public static Guid OwnerId(int n) => new($"7e570000-0000-4000-8000-{n:D12}");

    public static string Chat(int n) => "a:1reminder-owner-" + n;
}
