using CommPlan.Application.Notifications;
using CommPlan.Application.Reminders;
using CommPlan.Host.Bot;

namespace CommPlan.Host.Features.Reminders;

public static class ReminderExtensions
{
    /// <summary>Deadline reminders: the planner's inputs, the sweep and its scheduler, the Teams adapter of the notification port, the cards.</summary>
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ReminderSchedulerOptions.Section).Get<ReminderSchedulerOptions>() ?? new ReminderSchedulerOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<ReminderInputs>();
        builder.Services.AddScoped<ReminderSweeper>();
        builder.Services.AddScoped<ReminderRecipientResolver>();
        builder.Services.AddScoped<ReminderService>();
        builder.Services.AddScoped<ReminderCards>();
        builder.Services.AddScoped<ReminderLineReader>();
        builder.Services.AddScoped<IReminderNotifier, TeamsReminderNotifier>();
        builder.Services.AddScoped<ReminderActionRunner>();
        builder.Services.AddCardAction<MarkReminderDoneAction>();
        builder.Services.AddCardAction<SnoozeReminderAction>();
        builder.Services.AddCardAction<SnoozeReminderUntilAction>();
        builder.Services.AddCardAction<RecordReminderFigureAction>();
        builder.Services.AddCardAction<HandBackReminderAction>();
        builder.Services.AddHostedService<ReminderScheduler>();
        builder.Services.AddSingleton(sp => sp.GetServices<IHostedService>().OfType<ReminderScheduler>().Single());
        return builder;
    }
}
