using CommPlan.Host.Bot.Outbox;
using CommPlan.Teams.Connector;

namespace CommPlan.Host.Extensions;

public static class BotOutboxExtensions
{
    public const string Section = "Bot";

    /// <summary>
    /// The Bot Connector client (with tokens for Bot:AppId, or none for local clients) and the outbox through which
    /// everything the app sends to Teams goes: <see cref="BotOutbox"/> to write, <see cref="OutboxSender"/> to deliver.
    /// </summary>
    public static WebApplicationBuilder AddBotOutbox(this WebApplicationBuilder builder)
    {
        var bot = builder.Configuration.GetSection(Section);
        var connector = new ConnectorOptions
        {
            AppId = Blank(bot["AppId"]),
            AppPassword = Blank(bot["AppPassword"]),
            TenantId = Blank(bot["TenantId"]),
            Authority = Blank(bot["Authority"]),
        };
        if (connector.SendsTokens && connector.AppPassword is null)
            throw new InvalidOperationException($"{Section}:AppId is set but {Section}:AppPassword (the app registration's client secret) is not.");
        if (connector.SendsTokens && connector.TenantId is null && !connector.HasCustomAuthority)
            throw new InvalidOperationException($"{Section}:AppId is set but {Section}:TenantId is not: a single-tenant bot gets its tokens from its tenant.");
        var outbox = bot.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions();

        var services = builder.Services;
        services.AddSingleton(connector);
        services.AddSingleton(outbox);
        services.AddHttpClient(MsalConnectorTokenProvider.HttpClientName);
        services.AddSingleton<IConnectorTokenProvider>(sp => connector.SendsTokens
            ? new MsalConnectorTokenProvider(connector, sp.GetRequiredService<IHttpClientFactory>())
            : new AnonymousConnectorTokenProvider());
        services.AddHttpClient<ConnectorClient>(c => c.Timeout = outbox.RequestTimeout);
        services.AddSingleton(sp => new TeamsRateLimiter(outbox.ToLimits(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxMetrics>();
        services.AddScoped<BotOutbox>();
        services.AddHostedService<OutboxSender>();
        services.AddSingleton(sp => sp.GetServices<IHostedService>().OfType<OutboxSender>().Single());
        return builder;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
