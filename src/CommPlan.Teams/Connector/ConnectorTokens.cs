using CommPlan.Credentials;
using Microsoft.Identity.Client;

namespace CommPlan.Teams.Connector;

/// <summary>Bearer tokens for the Bot Connector.</summary>
public interface IConnectorTokenProvider
{
    /// <summary>A token for the Bot Connector, or null when the app is configured to send without one.</summary>
    Task<string?> GetTokenAsync(CancellationToken ct);
}

/// <summary>No app id: the app sends without a token (local clients only).</summary>
public sealed class AnonymousConnectorTokenProvider : IConnectorTokenProvider
{
    public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary>The app could not get a token for the Bot Connector.</summary>
public sealed class ConnectorAuthenticationException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Client-credentials tokens from Entra ID through MSAL, with a client secret or a certificate, which caches them
/// until shortly before they expire. MSAL's HTTP goes through a named client of the IHttpClientFactory, so its
/// handler can be configured (proxies, and in tests the certificate of a loopback token endpoint).
/// </summary>
public sealed class MsalConnectorTokenProvider : IConnectorTokenProvider
{
    public const string HttpClientName = "CommPlan.Connector.Token";

    private readonly IConfidentialClientApplication _app;
    private readonly string[] _scopes;
    private readonly string _authority;
    private readonly string _credentialHint;
    // MSAL does not merge concurrent requests for a token it has not cached yet: one at a time, the rest hit the cache.
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <param name="credential">From <see cref="ConnectorOptions.CredentialSettings"/>.</param>
    public MsalConnectorTokenProvider(ConnectorOptions options, AppCredential credential, IHttpClientFactory httpClients)
    {
        if (!options.SendsTokens) throw new ArgumentException("Bot:AppId is required for tokens.", nameof(options));
        _authority = options.EffectiveAuthority;
        _credentialHint = credential.Hint;
        _scopes = [options.Scope];
        var builder = ConfidentialClientApplicationBuilder.Create(options.AppId)
            .WithAppCredential(credential)
            .WithHttpClientFactory(new NamedMsalHttpClientFactory(httpClients, HttpClientName));
        // A configured authority is taken as given (sovereign clouds, tests); the default one is validated by MSAL.
        builder = options.HasCustomAuthority
            ? builder.WithAuthority(_authority, validateAuthority: false).WithInstanceDiscovery(false)
            : builder.WithAuthority(_authority);
        _app = builder.Build();
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var result = await _app.AcquireTokenForClient(_scopes).ExecuteAsync(ct);
            return result.AccessToken;
        }
        catch (MsalServiceException e)
        {
            throw new ConnectorAuthenticationException(
                $"The token endpoint of {_authority} refused the bot's credentials ({e.ErrorCode}): {e.Message}. Check Bot:AppId, {_credentialHint} and Bot:TenantId.", e);
        }
        catch (MsalClientException e)
        {
            throw new ConnectorAuthenticationException($"No token for the Bot Connector from {_authority} ({e.ErrorCode}): {e.Message}", e);
        }
        finally
        {
            _one.Release();
        }
    }

    private sealed class NamedMsalHttpClientFactory(IHttpClientFactory factory, string name) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(name);
    }
}
