using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommPlan.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Browser.Tests.Infrastructure;

/// <summary>
/// The app with Microsoft 365 settings whose Entra ID instance is the loopback token server: the app validates Teams
/// SSO tokens with the key that server publishes, and sends browsers outside Teams to its authorize endpoint. The test
/// user is a bootstrap communicator, so a test can start a plan through the API.
/// </summary>
public sealed class EntraApp : IAsyncLifetime
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "66666666-7777-8888-9999-000000000000";
    public const string UserId = "2b8e4c1d-7a3f-4e6b-9c5d-1f0a2e3b4c5d";
    public const string UserName = "Erik Nilsson";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("commplan-entra-");
    private AppProcess? _app;

    public LoopbackTokenServer Entra { get; private set; } = null!;
    public RsaSecurityKey Key { get; private set; } = null!;
    public AppProcess App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        Entra = await LoopbackTokenServer.StartAsync(ClientId, "unused");
        Key = Entra.PublishSigningKey();
        _app = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AzureAd__Instance"] = Entra.BaseUrl + "/",
            ["AzureAd__TenantId"] = Tenant,
            ["AzureAd__ClientId"] = ClientId,
            ["Access__Communicators__0"] = UserId,
            ["SSL_CERT_FILE"] = Entra.WriteTrustFile(_folder.FullName),
        });
    }

    /// <summary>The claims Entra ID puts about the test user in its tokens.</summary>
    public static Dictionary<string, object> User() => new()
    {
        ["oid"] = UserId,
        ["sub"] = "Yq3vJ0cX9nWm2bR5tL8pK1sD4fG7hZ6aE0uI3oP9yTr",
        ["name"] = UserName,
        ["preferred_username"] = "erik.nilsson@pitea.se",
    };

    /// <summary>The token Teams hands the tab by SSO (v2.0, for the app's API), signed with <paramref name="key"/> or Entra's published key.</summary>
    public string SsoToken(SecurityKey? key = null)
    {
        var claims = User();
        claims["aud"] = ClientId;
        claims["iss"] = Entra.Issuer(Tenant);
        claims["tid"] = Tenant;
        claims["azp"] = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
        claims["scp"] = "access_as_user";
        claims["ver"] = "2.0";
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            NotBefore = now.AddMinutes(-5),
            IssuedAt = now.AddMinutes(-5),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>A token like Teams' but signed with a key Entra ID never published: the app must refuse it.</summary>
    public string ForgedSsoToken()
    {
        using var rsa = RSA.Create(2048);
        return SsoToken(new RsaSecurityKey(rsa) { KeyId = Guid.NewGuid().ToString("N") });
    }

    /// <summary>Starts a plan through the API as the test user; its id.</summary>
    public async Task<Guid> StartPlanAsync(int year, string title)
    {
        using var http = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/plans")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                year,
                organisation = "Piteå kommun",
                department = "Kommunikationsavdelningen",
                title,
                units = new[] { new { key = "kom", name = "Kommunikation" } },
            }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SsoToken());
        var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Starting the plan answered {(int)response.StatusCode}: {body}\n{App.Printed}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await Entra.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
