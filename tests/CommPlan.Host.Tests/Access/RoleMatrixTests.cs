using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.Access;

/// <summary>
/// The host process with Microsoft 365 settings on the embedded SQLite store, its Entra ID instance the loopback token server:
/// people sign in with Entra access tokens, and a bootstrap communicator (Access:Communicators) hands out the roles.
/// </summary>
public sealed class EntraSignedHost : IAsyncLifetime
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public const string OtherTenant = "99999999-8888-7777-6666-555555555555";
    public const string ClientId = "66666666-7777-8888-9999-000000000000";

    public static readonly Guid Administrator = new("a0000000-0000-4000-8000-000000000001");
    public static readonly Guid Communicator = new("a0000000-0000-4000-8000-000000000002");
    public static readonly Guid Manager = new("a0000000-0000-4000-8000-000000000003");
    public static readonly Guid Owner = new("a0000000-0000-4000-8000-000000000004");
    public static readonly Guid Reader = new("a0000000-0000-4000-8000-000000000005");
    public static readonly Guid GroupMember = new("a0000000-0000-4000-8000-000000000006");
    public static readonly Guid Stranger = new("a0000000-0000-4000-8000-000000000007");
    public static readonly Guid SomeoneElse = new("a0000000-0000-4000-8000-000000000008");
    /// <summary>An Entra group that is a communicator of every plan the tests make.</summary>
    public static readonly Guid CommunicatorGroup = new("b0000000-0000-4000-8000-000000000001");

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("commplan-matrix-");
    private RsaSecurityKey _key = null!;
    private LoopbackTokenServer _entra = null!;
    private HostProcess _host = null!;
    private string _url = "";

    /// <summary>The bootstrap communicator, who sets up each case's plan and reads back what changed.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _entra = await LoopbackTokenServer.StartAsync(ClientId, "unused");
        _key = _entra.PublishSigningKey();
        // Its own process, trusting the loopback server's certificate as the real one is trusted through the system's roots.
        var trust = _entra.WriteTrustFile(_folder.FullName);
        var serving = await HostProcess.StartServingAsync(port => new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["AzureAd__Instance"] = _entra.BaseUrl + "/",
            ["AzureAd__TenantId"] = Tenant,
            ["AzureAd__ClientId"] = ClientId,
            ["Access__Communicators__0"] = Administrator.ToString(),
            ["SSL_CERT_FILE"] = trust,
        });
        (_host, _url) = (serving.Host, serving.Url);
        serving.Client.Dispose();
        Admin = As(Administrator);
    }

    /// <summary>What the host printed, to explain a failure.</summary>
    public string Printed => $"stdout:\n{_host.Output}\nstderr:\n{_host.Error}";

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await _host.DisposeAsync();
        await _entra.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    /// <summary>A client carrying a v2.0 access token for the app's API, as Entra ID issues it to the Teams tab.</summary>
    public HttpClient As(Guid objectId, string tenant = Tenant, IEnumerable<Guid>? groups = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["aud"] = ClientId,
            ["iss"] = _entra.Issuer(tenant),
            ["tid"] = tenant,
            ["oid"] = objectId.ToString(),
            ["sub"] = "sub-" + objectId.ToString("N"),
            ["name"] = "User " + objectId.ToString()[^2..],
            ["preferred_username"] = $"user{objectId.ToString()[^2..]}@pitea.example",
            ["azp"] = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",
            ["scp"] = "access_as_user",
            ["ver"] = "2.0",
        };
        if (groups is not null) claims["groups"] = groups.Select(g => g.ToString()).ToList();
        // Wide enough for both the real clock (the token's lifetime) and the host's test clock.
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            NotBefore = now.AddDays(-30),
            IssuedAt = now.AddDays(-30),
            Expires = now.AddDays(1),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        var client = new HttpClient { BaseAddress = new Uri(_url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}

/// <summary>
/// Every role against every operation through the API, with real Entra tokens: communicators (by user or by group)
/// do everything, managers and readers read, an activity's owner reports its progress and nothing else, and a caller
/// from another tenant gets no further than the token. An allowed operation answers 2xx and its change is there; a
/// refused one answers 403 with the reason and nothing changed (read back by the administrator).
/// </summary>
public sealed class RoleMatrixTests(EntraSignedHost host) : IClassFixture<EntraSignedHost>
{
    private const string Allowed = "allowed";
    private const string CommunicatorsOnly = "CommunicatorsOnly";
    private const string OwnerOrCommunicatorOnly = "OwnerOrCommunicatorOnly";
    /// <summary>The token itself is refused (another tenant's issuer): 401, the policy is never asked.</summary>
    private const string NotSignedIn = "not signed in";

    private static readonly string[] Roles = ["communicator", "group member", "manager", "owner", "reader", "other tenant"];

    /// <summary>Operation, then the outcome for each of <see cref="Roles"/> in order.</summary>
    private static readonly (string Operation, string[] Outcomes)[] Table =
    [
        //  operation                      communicator  group member  manager                  owner                    reader                   other tenant
        ("list plans",                   [Allowed,      Allowed,      Allowed,                 Allowed,                 Allowed,                 NotSignedIn]),
        ("read plan",                    [Allowed,      Allowed,      Allowed,                 Allowed,                 Allowed,                 NotSignedIn]),
        ("list activities",              [Allowed,      Allowed,      Allowed,                 Allowed,                 Allowed,                 NotSignedIn]),
        ("read activity",                [Allowed,      Allowed,      Allowed,                 Allowed,                 Allowed,                 NotSignedIn]),
        ("create activity",              [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("replace own activity's title", [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("delete own activity",          [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("set own activity's status",    [Allowed,      Allowed,      OwnerOrCommunicatorOnly, Allowed,                 OwnerOrCommunicatorOnly, NotSignedIn]),
        ("record figure on own",         [Allowed,      Allowed,      OwnerOrCommunicatorOnly, Allowed,                 OwnerOrCommunicatorOnly, NotSignedIn]),
        ("record figure on another's",   [Allowed,      Allowed,      OwnerOrCommunicatorOnly, OwnerOrCommunicatorOnly, OwnerOrCommunicatorOnly, NotSignedIn]),
        ("change occurrence on own",     [Allowed,      Allowed,      OwnerOrCommunicatorOnly, Allowed,                 OwnerOrCommunicatorOnly, NotSignedIn]),
        ("change occurrence on another's", [Allowed,    Allowed,      OwnerOrCommunicatorOnly, OwnerOrCommunicatorOnly, OwnerOrCommunicatorOnly, NotSignedIn]),
        ("list roles",                   [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("give role",                    [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("take back role",               [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("create plan",                  [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("revise plan",                  [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("start next year",              [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("import activities",            [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("read failed deliveries",       [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
        ("requeue failed deliveries",    [Allowed,      Allowed,      CommunicatorsOnly,       CommunicatorsOnly,       CommunicatorsOnly,       NotSignedIn]),
    ];

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (operation, outcomes) in Table)
            for (var i = 0; i < Roles.Length; i++) data.Add(Roles[i], operation, outcomes[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_is_allowed_or_refused_each_operation_through_the_api(string role, string operation, string expected)
    {
        var world = await World.CreateAsync(host);
        using var caller = role switch
        {
            "communicator" => host.As(EntraSignedHost.Communicator),
            "group member" => host.As(EntraSignedHost.GroupMember, groups: [EntraSignedHost.CommunicatorGroup, Guid.NewGuid()]),
            "manager" => host.As(EntraSignedHost.Manager),
            "owner" => host.As(EntraSignedHost.Owner),
            "reader" => host.As(EntraSignedHost.Reader),
            _ => host.As(EntraSignedHost.Stranger, EntraSignedHost.OtherTenant),
        };

        var (response, changed) = await world.RunAsync(caller, operation);
        var body = await response.Content.ReadAsStringAsync();
        var said = $"{role} / {operation}: {(int)response.StatusCode} {body}";

        switch (expected)
        {
            case Allowed:
                Assert.True(response.IsSuccessStatusCode, said);
                Assert.True(await changed(), $"{said}: the change is not there.");
                break;
            case NotSignedIn:
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, said);
                Assert.False(await changed(), $"{said}: something changed.");
                break;
            default:
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, said);
                var problem = JsonNode.Parse(body)!;
                Assert.Equal(expected, (string?)problem["reason"]);
                Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), said);
                Assert.False(await changed(), $"{said}: something changed.");
                break;
        }
    }

    /// <summary>
    /// One plan of its own per case, made by the administrator: the communicator and the group are its communicators,
    /// the manager its manager; activity A is the owner's, activity B someone else's.
    /// </summary>
    private sealed class World
    {
        private readonly HttpClient _admin;
        private readonly string _department;
        private string _plan = "";
        private JsonNode _a = null!;
        private JsonNode _b = null!;

        private World(HttpClient admin) => (_admin, _department) = (admin, "Avdelning " + Guid.NewGuid().ToString("N")[..8]);

        private string Plan => $"/api/plans/{_plan}";
        private string A => $"{Plan}/activities/{(string)_a["id"]!}";
        private string B => $"{Plan}/activities/{(string)_b["id"]!}";

        public static async Task<World> CreateAsync(EntraSignedHost host)
        {
            var world = new World(host.Admin);
            await world.SetUpAsync();
            return world;
        }

        private async Task SetUpAsync()
        {
            var created = await Expect(HttpStatusCode.Created, await _admin.PostAsync("/api/plans", Json(NewPlan(2027, _department))));
            _plan = (string)created["id"]!;
            await GiveAsync(EntraSignedHost.Communicator, "user", "communicator");
            await GiveAsync(EntraSignedHost.CommunicatorGroup, "group", "communicator");
            await GiveAsync(EntraSignedHost.Manager, "user", "manager");
            _a = await Expect(HttpStatusCode.Created, await _admin.PostAsync($"{Plan}/activities", Json(ActivityBody("A", EntraSignedHost.Owner))));
            _b = await Expect(HttpStatusCode.Created, await _admin.PostAsync($"{Plan}/activities", Json(ActivityBody("B", EntraSignedHost.SomeoneElse))));
        }

        private async Task GiveAsync(Guid principal, string kind, string role)
        {
            var etag = await RolesETagAsync();
            await Expect(HttpStatusCode.OK, await _admin.SendAsync(HttpMethod.Post, $"{Plan}/roles",
                Json(new { principalId = principal, kind, role, displayName = $"{kind} {role}" }), etag));
        }

        private async Task<string> RolesETagAsync() => (await _admin.GetAsync($"{Plan}/roles")).Headers.ETag!.Tag;

        private static object ActivityBody(string title, Guid owner, string status = "planned") => new
        {
            title,
            unit = "vux",
            schedule = "maj och okt",
            channels = new[] { "webb" },
            targetGroups = new[] { "allmanhet" },
            owner = new { objectId = owner, displayName = "Owner " + owner.ToString()[^2..] },
            followUpMetric = "Antal besökare",
            status,
        };

        private static async Task<JsonNode> Expect(HttpStatusCode status, HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"Setting up: expected {(int)status}, got {(int)response.StatusCode} {response.Headers.WwwAuthenticate} {body}");
            return JsonNode.Parse(body)!;
        }

        private async Task<JsonNode> ReadAsync(string url) => await Expect(HttpStatusCode.OK, await _admin.GetAsync(url));

        private async Task<string> ETagOf(string url) => (await _admin.GetAsync(url)).Headers.ETag!.Tag;

        private async Task<int> CountActivitiesAsync(string? plan = null) => (int)(await ReadAsync($"/api/plans/{plan ?? _plan}/activities"))["count"]!;

        private async Task<JsonArray> PlansAsync() => (await ReadAsync("/api/plans")).AsArray();

        private static string FirstDeadline(JsonNode activity) => (string)activity["occurrences"]![0]!["deadline"]!;

        /// <summary>Runs the operation as the caller; the answer, and a read-back of whether its change is there.</summary>
        public async Task<(HttpResponseMessage Response, Func<Task<bool>> Changed)> RunAsync(HttpClient caller, string operation)
        {
            switch (operation)
            {
                case "list plans":
                {
                    var response = await caller.GetAsync("/api/plans");
                    return (response, async () => response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(_plan));
                }
                case "read plan":
                {
                    var response = await caller.GetAsync(Plan);
                    return (response, async () => response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(_department));
                }
                case "list activities":
                {
                    var response = await caller.GetAsync($"{Plan}/activities");
                    return (response, async () => response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains((string)_b["id"]!));
                }
                case "read activity":
                {
                    var response = await caller.GetAsync(A);
                    return (response, async () => response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains((string)_a["id"]!));
                }
                case "create activity":
                    return (await caller.PostAsync($"{Plan}/activities", Json(ActivityBody("C", EntraSignedHost.Owner))),
                        async () => await CountActivitiesAsync() == 3);
                case "replace own activity's title":
                    return (await caller.SendAsync(HttpMethod.Put, A, Json(ActivityBody("A renamed", EntraSignedHost.Owner)), await ETagOf(A)),
                        async () => (string?)(await ReadAsync(A))["title"] == "A renamed");
                case "delete own activity":
                    return (await caller.SendAsync(HttpMethod.Delete, A, null, await ETagOf(A)),
                        async () => (await _admin.GetAsync(A)).StatusCode == HttpStatusCode.NotFound);
                case "set own activity's status":
                    return (await caller.SendAsync(HttpMethod.Put, A, Json(ActivityBody("A", EntraSignedHost.Owner, "inProgress")), await ETagOf(A)),
                        async () => (string?)(await ReadAsync(A))["status"] == "inProgress");
                case "record figure on own":
                    return (await caller.SendAsync(HttpMethod.Post, $"{A}/figures", Json(new { value = 240, note = "besökare" }), await ETagOf(A)),
                        async () => (await ReadAsync(A))["followUpFigures"]!.AsArray().Count == 1);
                case "record figure on another's":
                    return (await caller.SendAsync(HttpMethod.Post, $"{B}/figures", Json(new { value = 240, note = "besökare" }), await ETagOf(B)),
                        async () => (await ReadAsync(B))["followUpFigures"]!.AsArray().Count == 1);
                case "change occurrence on own":
                    return (await caller.SendAsync(HttpMethod.Put, $"{A}/occurrences/{FirstDeadline(_a)}", Json(new { status = "done", completedOn = "2026-11-20" }), await ETagOf(A)),
                        async () => (string?)(await ReadAsync(A))["occurrences"]![0]!["status"] == "done");
                case "change occurrence on another's":
                    return (await caller.SendAsync(HttpMethod.Put, $"{B}/occurrences/{FirstDeadline(_b)}", Json(new { status = "done", completedOn = "2026-11-20" }), await ETagOf(B)),
                        async () => (string?)(await ReadAsync(B))["occurrences"]![0]!["status"] == "done");
                case "list roles":
                {
                    var response = await caller.GetAsync($"{Plan}/roles");
                    return (response, async () => response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(EntraSignedHost.Manager.ToString()));
                }
                case "give role":
                    return (await caller.SendAsync(HttpMethod.Post, $"{Plan}/roles",
                            Json(new { principalId = EntraSignedHost.Reader, kind = "user", role = "manager", displayName = "Reader" }), await RolesETagAsync()),
                        async () => (await ReadAsync($"{Plan}/roles")).ToJsonString().Contains(EntraSignedHost.Reader.ToString()));
                case "take back role":
                    return (await caller.SendAsync(HttpMethod.Delete, $"{Plan}/roles/{EntraSignedHost.Manager}/manager", null, await RolesETagAsync()),
                        async () => !(await ReadAsync($"{Plan}/roles")).ToJsonString().Contains(EntraSignedHost.Manager.ToString()));
                case "create plan":
                {
                    var department = _department + " ny";
                    return (await caller.PostAsync("/api/plans", Json(NewPlan(2027, department))),
                        async () => (await PlansAsync()).Any(p => (string?)p!["department"] == department));
                }
                case "revise plan":
                    return (await caller.SendAsync(HttpMethod.Put, Plan, Json(new
                        {
                            organisation = "Piteå kommun",
                            department = _department,
                            title = "Omdöpt plan",
                            goals = new[] { new { key = "intresse", name = "Skapa intresse" } },
                            targetGroups = new[] { new { key = "allmanhet", name = "Allmänhet" }, new { key = "unga", name = "Unga vuxna" } },
                            channels = new[] { new { key = "webb", name = "Webb" }, new { key = "facebook", name = "Facebook" } },
                            units = new[] { new { key = "vux", name = "Vuxenutbildningen" }, new { key = "repris", name = "Repris" } },
                        }), await ETagOf(Plan)),
                        async () => (string?)(await ReadAsync(Plan))["title"] == "Omdöpt plan");
                case "start next year":
                    return (await caller.PostAsync($"{Plan}/next-year", Json(new { })),
                        async () => (await PlansAsync()).Any(p => (string?)p!["department"] == _department && (int?)p["year"] == 2028));
                case "import activities":
                    return (await caller.PostAsync($"{Plan}/import", Xlsx(GoodFile(2))),
                        async () => await CountActivitiesAsync() == 4);
                case "read failed deliveries":
                {
                    var response = await caller.GetAsync("/api/outbox/failed");
                    return (response, async () => response.IsSuccessStatusCode && (await response.ReadJsonAsync())["count"] is not null);
                }
                case "requeue failed deliveries":
                {
                    var response = await caller.PostAsync("/api/outbox/failed/requeue", null);
                    return (response, async () => response.IsSuccessStatusCode && (await response.ReadJsonAsync())["requeued"] is not null);
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(operation), operation, "No such operation in the table.");
            }
        }
    }
}
