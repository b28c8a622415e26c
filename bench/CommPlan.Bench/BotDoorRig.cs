using System.Net.Http.Headers;
using System.Text;
using CommPlan.Testing;

/// <summary>
/// The Release host with Bot Framework authentication on, between a loopback OpenID endpoint (the key that signs the
/// activities' tokens), a loopback Entra ID token endpoint (the bot's own token, over HTTPS with a certificate made for
/// the run) and a loopback Bot Connector that receives the replies the outbox sends.
/// </summary>
sealed class BotDoorRig : IAsyncDisposable
{
    public const string AppId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4f6a81";
    private const string Secret = "bench-secret", Tenant = "9f1d4c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f";

    private readonly LoopbackOpenIdServer _openId;
    private readonly LoopbackTokenServer _tokens;
    private readonly DirectoryInfo _trustFolder;
    private readonly string _token;
    private int _n;

    private BotDoorRig(LoopbackOpenIdServer openId, LoopbackTokenServer tokens, LoopbackConnectorServer connector, DirectoryInfo trustFolder, BenchHost host, string token)
    {
        _openId = openId;
        _tokens = tokens;
        Connector = connector;
        _trustFolder = trustFolder;
        Host = host;
        _token = token;
    }

    public BenchHost Host { get; }
    public LoopbackConnectorServer Connector { get; }
    public LoopbackOpenIdServer OpenId => _openId;
    public int TokenRequests => _tokens.TokenRequests;

    public static async Task<BotDoorRig> StartAsync(params string[] settings)
    {
        var openId = await LoopbackOpenIdServer.StartAsync();
        var tokens = await LoopbackTokenServer.StartAsync(AppId, Secret);
        var connector = await LoopbackConnectorServer.StartAsync();
        connector.AcceptToken = tokens.Issued;
        var key = openId.PublishKey("msteams");
        var trustFolder = Directory.CreateTempSubdirectory("commplan-bench-");
        var trust = tokens.WriteTrustFile(trustFolder.FullName);
        var host = await BenchHost.StartAsync(
            ["--Bot:AppId", AppId, "--Bot:AppPassword", Secret, "--Bot:TenantId", Tenant, "--Bot:Authority", tokens.Authority(Tenant),
             "--Bot:OpenIdMetadataUrl", openId.MetadataUrl, "--Bot:RequireHttpsMetadata", "false", .. settings],
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = trust });
        // Teams sends the same token until it nears expiry.
        var token = LoopbackOpenIdServer.Sign(key, AppId, connector.ServiceUrl, DateTime.UtcNow, lifetime: TimeSpan.FromHours(2));
        return new BotDoorRig(openId, tokens, connector, trustFolder, host, token);
    }

    /// <summary>A signed POST of the activity to /api/messages.</summary>
    public HttpRequestMessage Activity(string json, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? _token);
        return request;
    }

    /// <summary>An activity in one of <paramref name="conversations"/> personal chats, each with its own id.</summary>
    public string Personal(string type, string extra, int conversations = 200) => Personal(type, extra, Interlocked.Increment(ref _n), conversations);

    public string Personal(string type, string extra, int id, int conversations) =>
        "{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"serviceUrl\":\"" + Connector.ServiceUrl + "\",\"channelId\":\"msteams\",\"locale\":\"sv-SE\","
        + "\"from\":{\"id\":\"29:user-" + id % conversations + "\",\"name\":\"Anna Lindqvist\",\"aadObjectId\":\"6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01\"},"
        + "\"conversation\":{\"id\":\"a:bench-" + id % conversations + "\",\"conversationType\":\"personal\",\"tenantId\":\"" + Tenant + "\"},"
        + "\"recipient\":{\"id\":\"28:" + AppId + "\",\"name\":\"Kommunikationsplan\"},\"channelData\":{\"tenant\":{\"id\":\"" + Tenant + "\"}}" + extra + "}";

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
        await _tokens.DisposeAsync();
        await _openId.DisposeAsync();
        _trustFolder.Delete(recursive: true);
    }
}
