using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;

namespace CommPlan.Credentials;

/// <summary>
/// How the app proves itself to Entra ID for app-only tokens: a client secret, or a certificate whose private key
/// signs a client assertion. <see cref="Setting"/> names where it came from, for messages.
/// </summary>
public sealed class AppCredential : IDisposable
{
    private AppCredential(string setting, string? secret, X509Certificate2? certificate)
    {
        Setting = setting;
        Secret = secret;
        Certificate = certificate;
    }

    public string Setting { get; }
    public string? Secret { get; }
    public X509Certificate2? Certificate { get; }

    public static AppCredential FromSecret(string setting, string secret) => new(setting, secret, null);

    public static AppCredential FromCertificate(string setting, X509Certificate2 certificate) => new(setting, null, certificate);

    /// <summary>What to check when the token endpoint refuses this credential.</summary>
    public string Hint => Certificate is null
        ? Setting
        : $"{Setting} (certificate {Certificate.Thumbprint}, expiring {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}: is its public .cer uploaded to the app registration?)";

    public void Dispose() => Certificate?.Dispose();
}

public static class AppCredentialMsal
{
    /// <summary>Gives MSAL the secret, or the certificate to sign client assertions with.</summary>
    public static ConfidentialClientApplicationBuilder WithAppCredential(this ConfidentialClientApplicationBuilder builder, AppCredential credential) =>
        credential.Secret is { } secret
            ? builder.WithClientSecret(secret)
            // sendX5C puts the public certificate in each assertion, which subject name + issuer authentication needs
            // (a certificate renewed by the organisation's CA is then accepted without uploading it again).
            : builder.WithCertificate(credential.Certificate!, sendX5C: true);
}
