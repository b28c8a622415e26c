using CommPlan.Host.Bot;
using CommPlan.Host.Features.Help;
using CommPlan.Host.Features.Overview;
using CommPlan.Teams.Authentication;

namespace CommPlan.Host.Extensions;

public static class BotExtensions
{
    public const string Section = "Bot";

    /// <summary>
    /// The bot door and its handlers. With Bot:AppId every activity must carry a Bot Framework token; without it
    /// the door is open to loopback callers only (local clients such as the M365 Agents Playground).
    /// </summary>
    public static WebApplicationBuilder AddBot(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<BotAuthenticationOptions>() ?? new BotAuthenticationOptions();
        builder.Services.AddHttpClient(nameof(BotFrameworkTokenValidator));
        builder.Services.AddSingleton(sp => new BotRequestAuthenticator(
            string.IsNullOrWhiteSpace(options.AppId)
                ? null
                : new BotFrameworkTokenValidator(options,
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(BotFrameworkTokenValidator)),
                    sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<ILogger<BotRequestAuthenticator>>()));

        if (!string.IsNullOrWhiteSpace(options.AppId)) builder.Services.AddHealthChecks().AddCheck<BotKeysHealthCheck>("bot-keys");
        var publicUrl = AppLinks.Configured(builder.Configuration);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(sp => publicUrl is not null
            ? new AppLinks(publicUrl)
            : AppLinks.ForRequest(sp.GetRequiredService<IHttpContextAccessor>().HttpContext));
        builder.Services.AddScoped<BotCards>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(Section).Get<TurnBudget>() ?? new TurnBudget());
        builder.Services.AddScoped<BotUsers>();
        builder.Services.AddScoped<OverviewCards>();
        builder.Services.AddScoped<OverviewAnswers>();
        builder.Services.AddScoped<HelpCards>();
        builder.Services.AddBotCommands();
        builder.Services.AddScoped<ConversationTracker>();
        builder.Services.AddScoped<CardActionRouter>();
        builder.Services.AddScoped<BotApplication>();
        builder.Services.AddCardAction<MyActivitiesAction>();
        builder.Services.AddCardAction<PlanStatusAction>();
        return builder;
    }

    public static WebApplication MapBot(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<BotRequestAuthenticator>();
        if (auth.IsOn)
            app.Logger.LogInformation("Bot door {Route}: Bot Framework tokens required (Bot:AppId is set).", BotDoor.Route);
        else
            app.Logger.LogWarning(
                "Bot door {Route}: no Bot:AppId configured, so activities are accepted without a token, from loopback callers only (for local clients such as the M365 Agents Playground).",
                BotDoor.Route);
        app.MapBotDoor();
        return app;
    }
}
