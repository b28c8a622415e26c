using System.Globalization;
using CommPlan.Application;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>The Organisation settings are the calendar the running app's reminders and deadlines follow.</summary>
public sealed class ReminderCalendarSettingsTests
{
    private static async Task<CommPlan.Domain.Calendar.WorkingDayCalendar> CalendarOfAsync(Dictionary<string, string?> settings)
    {
        await using var app = new AppFactory(settings);
        app.CreateClient();
        await using var scope = app.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<OrganisationClock>().Calendar;
    }

    [Fact]
    public async Task Configured_working_weekdays_and_public_holidays_worked_through_are_the_app_calendar()
    {
        var calendar = await CalendarOfAsync(new()
        {
            ["Organisation:WorkingDays:0"] = "Tuesday",
            ["Organisation:WorkingDays:1"] = "Wednesday",
            ["Organisation:WorkingDays:2"] = "Thursday",
            ["Organisation:WorkingDays:3"] = "Friday",
            ["Organisation:WorkingDays:4"] = "Saturday",
            ["Organisation:ObservePublicHolidays"] = "false",
        });

        Assert.True(calendar.IsWorkingDay(D("2026-03-07"))); // Saturday
        Assert.False(calendar.IsWorkingDay(D("2026-03-09"))); // Monday
        Assert.True(calendar.IsWorkingDay(D("2026-12-25"))); // Christmas Day, a Friday
        Assert.False(calendar.IsWorkingDay(D("2026-12-24"))); // julafton: the Swedish extra days off still apply
    }

    [Fact]
    public async Task Left_out_the_calendar_is_monday_to_friday_without_public_holidays()
    {
        var calendar = await CalendarOfAsync(new());

        Assert.False(calendar.IsWorkingDay(D("2026-03-07")));
        Assert.True(calendar.IsWorkingDay(D("2026-03-09")));
        Assert.False(calendar.IsWorkingDay(D("2026-12-25")));
    }

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
