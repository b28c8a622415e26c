using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using CommPlan.Application;
using CommPlan.Credentials;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>
/// The app could not get a token for Microsoft Graph: its authority is unreachable or refuses the credential. A
/// refusal carries <see cref="Refusal"/>: the authority's reason (AADSTS…) and the settings to check.
/// </summary>
public sealed class GraphAuthenticationException(string message, Exception inner, TimeSpan retryAfter, string? refusal = null)
    : DependencyUnavailableException("Microsoft Graph token authority", message, retryAfter, inner)
{
    public string? Refusal { get; } = refusal;
}

/// <summary>
/// App-only tokens for Graph: the client-credentials grant through Azure.Identity's client secret or certificate
/// credential, which caches them until shortly before they expire. Its HTTP goes through a named client of the
/// IHttpClientFactory, so the handler can be configured (proxies, and in tests the certificate of a loopback token
/// endpoint).
/// </summary>
/// <remarks>
/// Azure.Identity rather than Microsoft.Identity.Web's token acquisition: Identity.Web (4.18) always runs instance
/// discovery against login.microsoftonline.com before a token, with no setting to turn it off
/// (microsoft-identity-web #1786), so a configured authority — a sovereign cloud, a private endpoint, the tests'
/// loopback — would not be the only endpoint the app talks to. Azure.Identity turns it off with
/// DisableInstanceDiscovery, which is done for a configured authority only; the public cloud stays validated.
/// The certificate comes loaded and checked from <see cref="AppCredential"/>, whose errors name the setting.
/// </remarks>
public sealed class GraphTokenProvider : IAccessTokenProvider
{
    public const string HttpClientName = "CommPlan.Graph.Token";

    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _request;
    private readonly string _authority;
    private readonly string _credentialHint;
    // The credential does not merge concurrent requests for a token it has not cached yet: one at a time, the rest hit the cache.
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly GraphOutage _outage;

    /// <summary>How long a refused credential is remembered: no token request per call while it stays refused.</summary>
    public static readonly TimeSpan RefusalMemory = TimeSpan.FromMinutes(1);

    /// <summary>How long an unreachable authority is remembered, so requests fail at once instead of each retrying.</summary>
    public static readonly TimeSpan UnreachableMemory = TimeSpan.FromSeconds(10);

    public GraphTokenProvider(SharePointOptions options, AppCredential credential, IHttpClientFactory httpClients, GraphOutage outage)
    {
        _outage = outage;
        options.Validate();
        var authority = options.TokenAuthority!; // Validate stops the start when there is none.
        _authority = options.EffectiveAuthority;
        _credentialHint = credential.Hint;
        _request = new TokenRequestContext([options.Scope]);
        var transport = new HttpClientTransport(httpClients.CreateClient(HttpClientName));
        // A configured authority is taken as given (sovereign clouds, tests); the public cloud's is validated by instance discovery.
        _credential = credential.Secret is { } secret
            ? new ClientSecretCredential(authority.Tenant, options.ClientId!, secret,
                Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = authority.IsConfigured }, authority, transport))
            // The certificate travels in each assertion (x5c), which subject name + issuer authentication needs
            // (a certificate renewed by the organisation's CA is then accepted without uploading it again).
            : new ClientCertificateCredential(authority.Tenant, options.ClientId!, credential.Certificate!,
                Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = authority.IsConfigured, SendCertificateChain = true },
                    authority, transport));
        // The token goes to the configured Graph host only, never to a host a nextLink or redirect names.
        AllowedHostsValidator = new AllowedHostsValidator([new Uri(options.GraphBaseUrl).Host]);
    }

    public AllowedHostsValidator AllowedHostsValidator { get; }

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri)) return "";
        if (_outage.RememberedTokenFailure() is { } remembered) throw remembered;
        await _one.WaitAsync(cancellationToken);
        try
        {
            // Those who waited behind a failing request take its failure rather than asking again.
            if (_outage.RememberedTokenFailure() is { } failed) throw failed;
            var token = (await _credential.GetTokenAsync(_request, cancellationToken)).Token;
            _outage.TokenObtained();
            return token;
        }
        catch (AuthenticationFailedException e) when (Refusal(e) is { } refusal)
        {
            var check = $"Check SharePoint:ClientId, {_credentialHint} and SharePoint:TenantId.";
            // MSAL puts its own preamble before the authority's answer: administrators look for the AADSTS code.
            var at = refusal.Message.IndexOf("AADSTS", StringComparison.Ordinal);
            var answer = (at < 0 ? refusal.Message : refusal.Message[at..]).Trim().TrimEnd('.');
            throw _outage.TokenFailed(new GraphAuthenticationException(
                $"The token endpoint of {_authority} refused the app's credentials ({refusal.ErrorCode}): {refusal.Message.TrimEnd('.')}. {check}",
                e, RefusalMemory, $"{answer} ({refusal.ErrorCode} from {_authority}). {check}"));
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw _outage.TokenFailed(new GraphAuthenticationException($"No token for Microsoft Graph from {_authority}: {e.Message}", e, UnreachableMemory));
        }
        finally
        {
            _one.Release();
        }
    }

    private static T Configure<T>(T options, TokenAuthority authority, HttpPipelineTransport transport) where T : TokenCredentialOptions
    {
        // Always set: left unset, Azure.Identity takes the AZURE_AUTHORITY_HOST environment variable instead of our setting.
        options.AuthorityHost = authority.Host;
        options.Transport = transport;
        // A refused credential (400/401) is never retried; an unreachable or failing endpoint is, briefly, so that
        // a request waiting for its token fails within seconds rather than after Azure.Core's default back-off.
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        return options;
    }

    // The OAuth error the token endpoint answered with (invalid_client, unauthorized_client, …): Azure.Identity keeps
    // it only on the MSAL exception inside, its own message has the AADSTS reason but not the code.
    private static MsalServiceException? Refusal(AuthenticationFailedException e) =>
        e.InnerException is MsalServiceException { StatusCode: >= 400 and < 500 } refusal ? refusal : null;
}
