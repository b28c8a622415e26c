using CommPlan.Credentials;
using CommPlan.Host.Features.Delivery;
using CommPlan.Host.Outbox;
using CommPlan.Host.Settings;
using CommPlan.Teams.Connector;

namespace CommPlan.Host.Extensions;

public static class BotOutboxExtensions
{
    public const string Section = "Bot";
    public const string OutboxSection = "Bot:Outbox";

    /// <summary>
    /// The Bot Connector client (with tokens for Bot:AppId, or none for local clients) and the outbox through which
    /// everything the app sends to Teams goes: <see cref="BotOutbox"/> to write, <see cref="OutboxSender"/> to deliver.
    /// </summary>
    public static WebApplicationBuilder AddBotOutbox(this WebApplicationBuilder builder)
    {
        // The settings were checked at start (StartupSettings); what is left to fail is a certificate that cannot be used.
        var connector = ConnectorSettings(builder.Configuration.GetSection(Section));
        AppCredential? credential;
        try
        {
            credential = connector.SendsTokens ? connector.CredentialSettings().Load(TimeProvider.System) : null;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidSettingsException([e.Message], e);
        }
        var outbox = builder.Configuration.GetSection(OutboxSection).Get<OutboxOptions>() ?? new OutboxOptions();

        var services = builder.Services;
        services.AddSingleton(connector);
        services.AddSingleton(outbox);
        services.AddHttpClient(MsalConnectorTokenProvider.HttpClientName);
        services.AddSingleton<IConnectorTokenProvider>(sp => credential is not null
            ? new MsalConnectorTokenProvider(connector, credential, sp.GetRequiredService<IHttpClientFactory>())
            : new AnonymousConnectorTokenProvider());
        services.AddHttpClient<ConnectorClient>(c => c.Timeout = outbox.RequestTimeout);
        services.AddSingleton(sp => new TeamsRateLimiter(outbox.ToLimits(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxWriteBatcher>();
        services.AddSingleton<OutboxMetrics>();
        services.AddScoped<BotOutbox>();
        services.AddScoped<PersonalChats>();
        services.AddHostedService<OutboxSender>();
        services.AddSingleton(sp => sp.GetServices<IHostedService>().OfType<OutboxSender>().Single());
        // What it gave up on: /health, and GET/POST /api/outbox/failed (Features/Delivery).
        services.AddScoped<DeliveryAccess>();
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");
        return builder;
    }

    /// <summary>The bot's identity towards the Bot Connector, from the Bot section; blank settings are left out.</summary>
    public static ConnectorOptions ConnectorSettings(IConfiguration bot) => new()
    {
        AppId = Blank(bot["AppId"]),
        AppPassword = Blank(bot["AppPassword"]),
        AppCertificatePath = Blank(bot["AppCertificatePath"]),
        AppCertificatePassword = Blank(bot["AppCertificatePassword"]),
        AppCertificateThumbprint = Blank(bot["AppCertificateThumbprint"]),
        TenantId = Blank(bot["TenantId"]),
        Authority = Blank(bot["Authority"]),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
