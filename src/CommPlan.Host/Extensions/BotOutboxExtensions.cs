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
            AppCertificatePath = Blank(bot["AppCertificatePath"]),
            AppCertificatePassword = Blank(bot["AppCertificatePassword"]),
            AppCertificateThumbprint = Blank(bot["AppCertificateThumbprint"]),
            TenantId = Blank(bot["TenantId"]),
            Authority = Blank(bot["Authority"]),
        };
        if (connector.SendsTokens && connector.CredentialSettings().Missing is { } missing)
            throw new InvalidOperationException($"{Section}:AppId is set but no credential of the app registration is: set {missing}.");
        if (connector.SendsTokens && connector.TenantId is null && !connector.HasCustomAuthority)
            throw new InvalidOperationException($"{Section}:AppId is set but {Section}:TenantId is not: a single-tenant bot gets its tokens from its tenant.");
        // Loaded here, so that a certificate that cannot be used stops the start.
        var credential = connector.SendsTokens ? connector.CredentialSettings().Load(TimeProvider.System) : null;
        var outbox = bot.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions();

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
        services.AddSingleton<OutboxMetrics>();
        services.AddScoped<BotOutbox>();
        services.AddHostedService<OutboxSender>();
        services.AddSingleton(sp => sp.GetServices<IHostedService>().OfType<OutboxSender>().Single());
        return builder;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
