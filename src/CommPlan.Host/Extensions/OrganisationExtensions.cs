using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Demo;
using CommPlan.Application.Overview;
using CommPlan.Application.Plans;
using CommPlan.Domain.Calendar;
using CommPlan.Host.Identity;

namespace CommPlan.Host.Extensions;

/// <summary>The organisation's country, time zone and working calendar (Organisation section).</summary>
public sealed class OrganisationOptions
{
    public Country Country { get; set; } = Country.Sweden;
    public string? TimeZone { get; set; }
    public ExtraDayOff[]? ExtraDaysOff { get; set; }

    /// <summary>The weekdays worked; Monday–Friday when left out.</summary>
    public DayOfWeek[]? WorkingDays { get; set; }

    /// <summary>False for an organisation that works through public holidays (a desk staffed every day of the year).</summary>
    public bool ObservePublicHolidays { get; set; } = true;

    public TimeZoneInfo ResolveTimeZone() =>
        TimeZoneInfo.FindSystemTimeZoneById(TimeZone ?? (Country == Country.Norway ? "Europe/Oslo" : "Europe/Stockholm"));

    public WorkingDayCalendar BuildCalendar()
    {
        var usual = Country == Country.Norway ? WorkingDayCalendar.NorwegianDefault : WorkingDayCalendar.SwedishDefault;
        if (ExtraDaysOff is null && WorkingDays is null && ObservePublicHolidays) return usual;
        return new WorkingDayCalendar(Country, ExtraDaysOff ?? (IEnumerable<ExtraDayOff>)usual.ExtraDaysOff,
            workingDays: WorkingDays, observePublicHolidays: ObservePublicHolidays);
    }
}

public static class OrganisationExtensions
{
    /// <summary>The clock, calendar and use cases of the application layer.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Organisation").Get<OrganisationOptions>() ?? new OrganisationOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new OrganisationClock(sp.GetRequiredService<TimeProvider>(), options.ResolveTimeZone(), options.BuildCalendar()));
        builder.Services.AddSingleton(sp => AccessSettings(builder.Configuration, sp.GetService<DevIdentityOptions>()));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<AccessOptions>().ToPolicy());
        builder.Services.AddSingleton<GroupMembershipCache>();
        builder.Services.AddSingleton<GroupMembersCache>();
        builder.Services.AddScoped<AccessGate>();
        builder.Services.AddScoped<PlanRolesService>();
        builder.Services.AddScoped<PlanService>();
        builder.Services.AddScoped<ActivityService>();
        builder.Services.AddScoped<CalendarFeedService>();
        builder.Services.AddScoped<PlanOverviewService>();
        builder.Services.AddScoped<DemoPlanSeeder>();
        return builder;
    }

    /// <summary>
    /// The Access section; the organisation's tenant defaults to the Entra ID app's. On the embedded default (where the
    /// dev identity is registered) the dev user is a communicator of every plan.
    /// </summary>
    private static AccessOptions AccessSettings(IConfiguration configuration, DevIdentityOptions? devUser)
    {
        var access = configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();
        if (access.TenantId is null && Guid.TryParse(configuration[$"{HostingMode.EntraSection}:TenantId"], out var tenant)) access.TenantId = tenant;
        if (devUser is not null && !access.Communicators.Contains(devUser.ObjectId)) access.Communicators.Add(devUser.ObjectId);
        return access;
    }
}
