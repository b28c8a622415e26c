using CommPlan.Credentials;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>The app could not get a token for Microsoft Graph.</summary>
public sealed class GraphAuthenticationException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// App-only tokens for Graph: the client-credentials grant through MSAL with a client secret or a certificate, which
/// caches them until shortly before they expire. MSAL's HTTP goes through a named client of the IHttpClientFactory,
/// so its handler can be configured (proxies, and in tests the certificate of a loopback token endpoint).
/// </summary>
/// <remarks>
/// MSAL itself rather than Microsoft.Identity.Web's token acquisition over it: Identity.Web (4.18) always runs
/// instance discovery against login.microsoftonline.com before a token, with no setting to turn it off
/// (microsoft-identity-web #1786), so a configured authority — a sovereign cloud, a private endpoint, the tests'
/// loopback — would not be the only endpoint the app talks to.
/// </remarks>
public sealed class MsalGraphTokenProvider : IAccessTokenProvider
{
    public const string HttpClientName = "CommPlan.Graph.Token";

    private readonly IConfidentialClientApplication _app;
    private readonly string[] _scopes;
    private readonly string _authority;
    private readonly string _credentialHint;
    // MSAL does not merge concurrent requests for a token it has not cached yet: one at a time, the rest hit the cache.
    private readonly SemaphoreSlim _one = new(1, 1);

    public MsalGraphTokenProvider(SharePointOptions options, AppCredential credential, IHttpClientFactory httpClients)
    {
        options.Validate();
        _authority = options.EffectiveAuthority;
        _credentialHint = credential.Hint;
        _scopes = [options.Scope];
        var builder = ConfidentialClientApplicationBuilder.Create(options.ClientId)
            .WithAppCredential(credential)
            .WithHttpClientFactory(new NamedMsalHttpClientFactory(httpClients, HttpClientName));
        // A configured authority is taken as given (sovereign clouds, tests); the default one is validated by MSAL.
        builder = string.IsNullOrWhiteSpace(options.Authority)
            ? builder.WithAuthority(_authority)
            : builder.WithAuthority(_authority, validateAuthority: false).WithInstanceDiscovery(false);
        _app = builder.Build();
        // The token goes to the configured Graph host only, never to a host a nextLink or redirect names.
        AllowedHostsValidator = new AllowedHostsValidator([new Uri(options.GraphBaseUrl).Host]);
    }

    public AllowedHostsValidator AllowedHostsValidator { get; }

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri)) return "";
        await _one.WaitAsync(cancellationToken);
        try
        {
            return (await _app.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken)).AccessToken;
        }
        catch (MsalServiceException e)
        {
            throw new GraphAuthenticationException(
                $"The token endpoint of {_authority} refused the app's credentials ({e.ErrorCode}): {e.Message}. Check SharePoint:ClientId, {_credentialHint} and SharePoint:TenantId.", e);
        }
        catch (MsalClientException e)
        {
            throw new GraphAuthenticationException($"No token for Microsoft Graph from {_authority} ({e.ErrorCode}): {e.Message}", e);
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
