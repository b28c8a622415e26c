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

namespace CommPlan.Testing;

/// <summary>
/// Stands in for the Entra ID token endpoint on loopback: HTTPS (MSAL accepts no other) with a certificate made for
/// this run, client-credentials grants at {tenant}/oauth2/v2.0/token, opaque tokens it remembers, and the AAD error
/// body for a wrong secret. Clients pin <see cref="Certificate"/> (see <see cref="CreatePinnedHandler"/>).
/// </summary>
public sealed class LoopbackTokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HashSet<string> _issued = [];
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

    public static async Task<LoopbackTokenServer> StartAsync(string clientId, string clientSecret, TimeSpan? lifetime = null)
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackTokenServer(app, certificate, clientId, clientSecret);
        var expiresIn = (int)(lifetime ?? TimeSpan.FromSeconds(3599)).TotalSeconds;

        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{server.BaseUrl}/{tenant}/v2.0",
            ["token_endpoint"] = $"{server.BaseUrl}/{tenant}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{server.BaseUrl}/{tenant}/oauth2/v2.0/authorize",
        }));
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) =>
        {
            Interlocked.Increment(ref server._tokenRequests);
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials")
                return AadError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003);
            if (form["client_id"] != server.ClientId)
                return AadError(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory '{tenant}'.", 700016);
            if (form["client_secret"] != server.ClientSecret)
                return AadError(401, "invalid_client", $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{server.ClientId}'.", 7000215);
            server.LastScope = form["scope"];
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            lock (server._issued) server._issued.Add(token);
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

    /// <summary>True when this server issued the token.</summary>
    public bool Issued(string token)
    {
        lock (_issued) return _issued.Contains(token);
    }

    /// <summary>A handler that trusts exactly this server's certificate, for the clients of a test.</summary>
    public SocketsHttpHandler CreatePinnedHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };

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
    }
}
