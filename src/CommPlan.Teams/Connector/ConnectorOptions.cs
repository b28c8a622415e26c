using CommPlan.Credentials;

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

    /// <summary>The app registration's client secret; or one of the certificate settings below instead.</summary>
    public string? AppPassword { get; init; }

    /// <summary>A PKCS#12 (.pfx) file, or a PEM file with the certificate and its private key.</summary>
    public string? AppCertificatePath { get; init; }

    /// <summary>The password of the .pfx, or of an encrypted PEM private key.</summary>
    public string? AppCertificatePassword { get; init; }

    /// <summary>A certificate in CurrentUser\My or LocalMachine\My, by its SHA-1 thumbprint.</summary>
    public string? AppCertificateThumbprint { get; init; }

    /// <summary>The tenant the single-tenant bot is registered in.</summary>
    public string? TenantId { get; init; }

    /// <summary>The token authority; left out, it is the Entra ID endpoint of <see cref="TenantId"/>.</summary>
    public string? Authority { get; init; }

    public string Scope { get; init; } = BotFrameworkScope;

    public AppCredentialSettings CredentialSettings() => new("Bot:AppPassword", "Bot:AppCertificate")
    {
        Secret = AppPassword,
        CertificatePath = AppCertificatePath,
        CertificatePassword = AppCertificatePassword,
        CertificateThumbprint = AppCertificateThumbprint,
    };

    public bool SendsTokens => !string.IsNullOrWhiteSpace(AppId);

    // A record's text shows every property; the secrets must not reach a log line or an exception message.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"AppId = {AppId}, TenantId = {TenantId}, Authority = {Authority}, Scope = {Scope}, ");
        builder.Append($"AppPassword = {(AppPassword is null ? "null" : "***")}, AppCertificatePath = {AppCertificatePath}, ");
        builder.Append($"AppCertificatePassword = {(AppCertificatePassword is null ? "null" : "***")}, AppCertificateThumbprint = {AppCertificateThumbprint}");
        return true;
    }

    public bool HasCustomAuthority => !string.IsNullOrWhiteSpace(Authority);

    public string EffectiveAuthority => HasCustomAuthority
        ? Authority!.TrimEnd('/')
        : !string.IsNullOrWhiteSpace(TenantId)
            ? EntraInstance + TenantId
            : throw new InvalidOperationException("The bot's tenant is not set: set Bot:TenantId (or Bot:Authority) with Bot:AppId.");
}
