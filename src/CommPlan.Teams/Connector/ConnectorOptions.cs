namespace CommPlan.Teams.Connector;

/// <summary>
/// The bot's identity towards the Bot Connector. With no <see cref="AppId"/> the app sends without a token, which
/// only local clients (the Microsoft 365 Agents Playground) accept, so it then talks to loopback service URLs only.
/// </summary>
public sealed record ConnectorOptions
{
    public const string BotFrameworkScope = "https://api.botframework.com/.default";
    public const string EntraInstance = "https://login.microsoftonline.com/";

    /// <summary>The bot's Microsoft app id (the Entra ID app registration's client id).</summary>
    public string? AppId { get; init; }

    /// <summary>The app registration's client secret.</summary>
    public string? AppPassword { get; init; }

    /// <summary>The tenant the single-tenant bot is registered in.</summary>
    public string? TenantId { get; init; }

    /// <summary>The token authority; left out, it is the Entra ID endpoint of <see cref="TenantId"/>.</summary>
    public string? Authority { get; init; }

    public string Scope { get; init; } = BotFrameworkScope;

    public bool SendsTokens => !string.IsNullOrWhiteSpace(AppId);

    public bool HasCustomAuthority => !string.IsNullOrWhiteSpace(Authority);

    public string EffectiveAuthority => HasCustomAuthority
        ? Authority!.TrimEnd('/')
        : !string.IsNullOrWhiteSpace(TenantId)
            ? EntraInstance + TenantId
            : throw new InvalidOperationException("The bot's tenant is not set: set Bot:TenantId (or Bot:Authority) with Bot:AppId.");
}
