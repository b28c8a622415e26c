using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Testing;

/// <summary>The claims of an issued access token that resource servers check: azp/appid, aud and roles.</summary>
public sealed record IssuedToken(string ClientId, string Audience, IReadOnlyList<string> Roles);

/// <summary>
/// Stands in for the Entra ID token endpoint on loopback: HTTPS (MSAL accepts no other) with a certificate made for
/// this run, client-credentials grants at {tenant}/oauth2/v2.0/token, opaque tokens it remembers, and the AAD error
/// body for a wrong secret. Besides the secret it accepts a client assertion signed with a certificate the test
/// registered (<see cref="TrustClientCertificate"/>), checked as Entra ID checks it. It also publishes Entra ID's
/// OpenID metadata and signing keys, so that an API can validate user tokens signed with <see cref="PublishSigningKey"/>
/// with this server as its instance. Clients pin
/// <see cref="Certificate"/> (see <see cref="CreatePinnedHandler"/>).
/// </summary>
public sealed class LoopbackTokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, IssuedToken> _issued = new(StringComparer.Ordinal);
    private readonly List<X509Certificate2> _clientCertificates = [];
    private readonly List<RsaSecurityKey> _signingKeys = [];
    private int _tokenRequests;

    private LoopbackTokenServer(WebApplication app, X509Certificate2 certificate, string clientId, string clientSecret)
    {
        _app = app;
        Certificate = certificate;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    public X509Certificate2 Certificate { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }
    public string BaseUrl { get; private set; } = "";
    public int TokenRequests => _tokenRequests;

    /// <summary>The authority for a tenant: what MSAL is given, its token endpoint is {Authority}/oauth2/v2.0/token.</summary>
    public string Authority(string tenantId) => $"{BaseUrl}/{tenantId}";

    public string? LastScope { get; private set; }

    /// <summary>
    /// The application permissions (app roles) an admin consented to for the app, put in the roles claim of every
    /// token. Graph's default for this app is Sites.Selected, with a grant on the one site.
    /// </summary>
    public IReadOnlyList<string> AppRoles { get; set; } = ["Sites.Selected"];

    /// <summary>
    /// The user taken as signed in at the authorize endpoint: the claims their ID token carries besides aud, iss, tid,
    /// nonce and ver (oid, name, preferred_username, ...). Null: nobody is signed in, and sign-in requests fail.
    /// </summary>
    public IReadOnlyDictionary<string, object>? SignInUser { get; set; }

    /// <summary>The query of the last sign-in request that reached the authorize endpoint.</summary>
    public IReadOnlyDictionary<string, string>? LastAuthorizeQuery { get; private set; }

    /// <summary>The last client assertion the server accepted.</summary>
    public JsonWebToken? LastClientAssertion { get; private set; }

    /// <summary>Registers a certificate's public part with the app, as uploading its .cer to the app registration does.</summary>
    public void TrustClientCertificate(X509Certificate2 certificate)
    {
        lock (_clientCertificates) _clientCertificates.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    public static async Task<LoopbackTokenServer> StartAsync(string clientId, string clientSecret, TimeSpan? lifetime = null)
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackTokenServer(app, certificate, clientId, clientSecret);
        var expiresIn = (int)(lifetime ?? TimeSpan.FromSeconds(3599)).TotalSeconds;

        // Entra ID's metadata shapes: the v2.0 document names the tenant's issuer ({instance}{tenant}/v2.0), or the
        // template with {tenantid} for the multi-tenant authorities; the v1 document names sts.windows.net.
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{server.BaseUrl}/{(IsMultiTenant(tenant) ? "{tenantid}" : tenant)}/v2.0",
            ["token_endpoint"] = $"{server.BaseUrl}/{tenant}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{server.BaseUrl}/{tenant}/oauth2/v2.0/authorize",
            ["jwks_uri"] = $"{server.BaseUrl}/{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["tenant_region_scope"] = "EU",
            ["cloud_instance_name"] = "microsoftonline.com",
        }));
        app.MapGet("/{tenant}/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"https://sts.windows.net/{(IsMultiTenant(tenant) ? "{tenantid}" : tenant)}/",
            ["token_endpoint"] = $"{server.BaseUrl}/{tenant}/oauth2/token",
            ["authorization_endpoint"] = $"{server.BaseUrl}/{tenant}/oauth2/authorize",
            ["jwks_uri"] = $"{server.BaseUrl}/common/discovery/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "token id_token", "token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["cloud_instance_name"] = "microsoftonline.com",
        }));
        // Entra ID publishes the same keys for every tenant, each naming its issuer as a template.
        IResult Keys()
        {
            lock (server._signingKeys)
                return Results.Json(new { keys = server._signingKeys.Select(k => server.ToJwk(k)).ToArray() });
        }
        app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => Keys());
        app.MapGet("/{tenant}/discovery/keys", (string tenant) => Keys());
        // A user's sign-in in a browser, as Entra ID answers an OpenID Connect request for an ID token: the user is
        // taken as signed in already (SignInUser), and the ID token goes back to the app in a self-posting form.
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", (string tenant, HttpRequest request) =>
        {
            var query = request.Query;
            server.LastAuthorizeQuery = query.ToDictionary(q => q.Key, q => q.Value.ToString());
            if (query["client_id"] != server.ClientId)
                return Results.Content($"AADSTS700016: Application with identifier '{WebUtility.HtmlEncode(query["client_id"])}' was not found in the directory '{WebUtility.HtmlEncode(tenant)}'.", "text/plain", statusCode: 400);
            if (query["response_type"] != "id_token" || query["response_mode"] != "form_post" || string.IsNullOrEmpty(query["nonce"]))
                return Results.Content("AADSTS900144: The request is not one this server signs in with (response_type id_token, response_mode form_post, a nonce).", "text/plain", statusCode: 400);
            if (server.SignInUser is not { } user)
                return Results.Content("AADSTS50058: A silent sign-in request was sent but no user is signed in.", "text/plain", statusCode: 400);
            RsaSecurityKey key;
            lock (server._signingKeys) key = server._signingKeys[^1];
            var now = DateTime.UtcNow;
            var claims = new Dictionary<string, object>(user)
            {
                ["aud"] = server.ClientId,
                ["iss"] = server.Issuer(tenant),
                ["tid"] = tenant,
                ["nonce"] = query["nonce"].ToString(),
                ["ver"] = "2.0",
            };
            var idToken = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Claims = claims,
                IssuedAt = now.AddMinutes(-1),
                NotBefore = now.AddMinutes(-1),
                Expires = now.AddHours(1),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
            var html = $"""
                <!DOCTYPE html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()">
                <form method="POST" name="hiddenform" action="{WebUtility.HtmlEncode(query["redirect_uri"])}">
                <input type="hidden" name="id_token" value="{WebUtility.HtmlEncode(idToken)}" />
                <input type="hidden" name="state" value="{WebUtility.HtmlEncode(query["state"])}" />
                <noscript><input type="submit" value="Continue" /></noscript>
                </form></body></html>
                """;
            return Results.Content(html, "text/html");
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) =>
        {
            Interlocked.Increment(ref server._tokenRequests);
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials")
                return AadError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003);
            if (form["client_id"] != server.ClientId)
                return AadError(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory '{tenant}'.", 700016);
            if (form.ContainsKey("client_assertion") || form.ContainsKey("client_assertion_type"))
            {
                if (await server.RefuseAssertionAsync(form, $"{server.BaseUrl}/{tenant}/oauth2/v2.0/token") is { } refused) return refused;
            }
            else if (form["client_secret"] != server.ClientSecret)
                return AadError(401, "invalid_client", $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{server.ClientId}'.", 7000215);
            server.LastScope = form["scope"];
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            // The audience is the resource the .default scope names, as in the aud claim Entra ID issues.
            var scope = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var audience = scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : scope;
            lock (server._issued) server._issued[token] = new IssuedToken(server.ClientId, audience, [.. server.AppRoles]);
            return Results.Json(new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = expiresIn,
                ["ext_expires_in"] = expiresIn,
                ["access_token"] = token,
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Kestrel reports the address it bound; the certificate names 127.0.0.1.
        server.BaseUrl = address.Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        return server;
    }

    /// <summary>
    /// Null when the assertion proves the client: a JWT signed (RS256 or PS256) by a registered certificate that its
    /// x5t or x5t#S256 header names, for this token endpoint, issued by and about the client, within its lifetime,
    /// with a jti. Otherwise Entra ID's answer.
    /// </summary>
    private async Task<IResult?> RefuseAssertionAsync(IFormCollection form, string tokenEndpoint)
    {
        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            return AadError(400, "invalid_request", $"AADSTS50027: Invalid client_assertion_type '{form["client_assertion_type"]}'.", 50027);
        var handler = new JsonWebTokenHandler();
        JsonWebToken assertion;
        try
        {
            assertion = handler.ReadJsonWebToken(form["client_assertion"].ToString());
        }
        catch (ArgumentException)
        {
            return AssertionRefused(700027, "Client assertion contains an invalid signature. [Reason - The assertion is not a JWT.]");
        }
        var x5t = assertion.TryGetHeaderValue<string>("x5t", out var sha1) ? sha1 : null;
        var x5tS256 = assertion.TryGetHeaderValue<string>("x5t#S256", out var sha256) ? sha256 : null;
        X509Certificate2? registered;
        lock (_clientCertificates)
            registered = _clientCertificates.FirstOrDefault(c =>
                (x5t is not null && Base64UrlEncoder.Encode(c.GetCertHash()) == x5t)
                || (x5tS256 is not null && Base64UrlEncoder.Encode(c.GetCertHash(HashAlgorithmName.SHA256)) == x5tS256));
        if (registered is null)
            return AssertionRefused(700027, $"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{x5t ?? x5tS256}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{ClientId}'.]");
        var result = await handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidAudience = tokenEndpoint,
            ValidIssuer = ClientId,
            IssuerSigningKey = new X509SecurityKey(registered),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
        });
        if (!result.IsValid)
            return result.Exception switch
            {
                SecurityTokenInvalidAudienceException => AssertionRefused(700023, $"Client assertion audience claim does not match Realm issuer ({tokenEndpoint})."),
                SecurityTokenInvalidIssuerException => AssertionRefused(700021, "Client assertion application identifier doesn't match 'client_id' parameter."),
                SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException =>
                    AssertionRefused(700024, "Client assertion is not within its valid time range."),
                _ => AssertionRefused(700027, $"Client assertion failed signature validation. [Reason - {result.Exception?.GetType().Name}]"),
            };
        if (assertion.Subject != ClientId)
            return AssertionRefused(700021, "Client assertion subject doesn't match the application identifier.");
        if (string.IsNullOrEmpty(assertion.Id))
            return AssertionRefused(700027, "Client assertion has no jti claim.");
        LastClientAssertion = assertion;
        return null;
    }

    private static IResult AssertionRefused(int code, string reason) => AadError(401, "invalid_client", $"AADSTS{code}: {reason}", code);

    /// <summary>
    /// Creates a key that signs the access tokens this server stands for (those a user's client gets for the app's
    /// API), and publishes it in the key set, as Entra ID publishes its signing keys.
    /// </summary>
    public RsaSecurityKey PublishSigningKey()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        lock (_signingKeys) _signingKeys.Add(key);
        return key;
    }

    /// <summary>The issuer of v2.0 access tokens for a tenant: {instance}{tenant}/v2.0.</summary>
    public string Issuer(string tenantId) => $"{BaseUrl}/{tenantId}/v2.0";

    private static bool IsMultiTenant(string tenant) => tenant is "common" or "organizations" or "consumers";

    private Dictionary<string, object> ToJwk(RsaSecurityKey key)
    {
        var p = key.Rsa.ExportParameters(false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId!,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["issuer"] = BaseUrl + "/{tenantid}/v2.0",
        };
    }

    /// <summary>True when this server issued the token.</summary>
    public bool Issued(string token) => Lookup(token) is not null;

    /// <summary>What the token says (client, audience, roles), when this server issued it.</summary>
    public IssuedToken? Lookup(string token)
    {
        lock (_issued) return _issued.GetValueOrDefault(token);
    }

    /// <summary>A handler that trusts exactly this server's certificate, for the clients of a test.</summary>
    public SocketsHttpHandler CreatePinnedHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };

    /// <summary>
    /// Writes the system's roots and this server's certificate to a PEM file, for a child process to trust through
    /// <c>SSL_CERT_FILE</c> as it would trust Entra ID's real certificate.
    /// </summary>
    public string WriteTrustFile(string folder)
    {
        const string systemRoots = "/etc/ssl/certs/ca-certificates.crt";
        var path = Path.Combine(folder, "trusted-roots.pem");
        File.WriteAllText(path, (File.Exists(systemRoots) ? File.ReadAllText(systemRoots) : "") + "\n" + Certificate.ExportCertificatePem() + "\n");
        return path;
    }

    private static IResult AadError(int status, string error, string description, int code) => Results.Json(new Dictionary<string, object>
    {
        ["error"] = error,
        ["error_description"] = description,
        ["error_codes"] = new[] { code },
        ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ"),
        ["trace_id"] = Guid.NewGuid().ToString(),
        ["correlation_id"] = Guid.NewGuid().ToString(),
    }, statusCode: status);

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form it can use for TLS: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
        foreach (var certificate in _clientCertificates) certificate.Dispose();
        foreach (var key in _signingKeys) key.Rsa.Dispose();
    }
}
