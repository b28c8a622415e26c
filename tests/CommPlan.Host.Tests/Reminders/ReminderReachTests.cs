using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Features.Reminders;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// Reaching owners picked in SharePoint, known only by e-mail: the directory (the loopback Graph) gives their object
/// id once, the app installs itself for them (Graph teamwork/installedApps) and opens the 1:1 chat through the
/// loopback Bot Connector, where the reminder card arrives; a chat Teams says is gone is opened again once. The clock
/// stands on Monday 23 November 2026, 09:30 in Stockholm; the activities are due on Tuesday 24th.
/// </summary>
public sealed class ReminderReachTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string CatalogApp = "5e0c6f4a-7b1d-4c2e-9f3a-8d6b2a1c0e77";
    private static readonly Guid Per = new("0d3b7c1e-5a2f-4e69-8b14-6c9f2e7a3d55");
    private const string PerMail = "per.nilsson@pitea.se";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;
    private LoopbackConnectorServer _connector = null!;
    private AppFactory _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        _tokens.AppRoles = ["Sites.Selected", "User.Read.All", "TeamsAppInstallation.ReadWriteForUser.All"];
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        _connector = await LoopbackConnectorServer.StartAsync();
        _app = new AppFactory(new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = _tokens.ClientSecret,
            ["SharePoint:Organisation"] = "Piteå kommun",
            ["Bot:TenantId"] = Tenant,
            ["Reminders:InstallForOwners"] = "true",
            ["Reminders:TeamsAppCatalogId"] = CatalogApp,
            ["Reminders:ServiceUrl"] = _connector.ServiceUrl,
        })
        {
            ConfigureTestServices = services =>
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler),
        };
        _client = _app.CreateClient();
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    private async Task AddActivityAsync(string title, string to, object owner)
    {
        var created = await _client.PostJsonAsync(Activities, new Dictionary<string, object?>
        {
            ["title"] = title,
            ["unit"] = "repris",
            ["period"] = new { from = "2026-11-02", to },
            ["channels"] = new[] { "annons" },
            ["targetGroups"] = new[] { "allmanhet" },
            ["goals"] = new[] { "intresse" },
            ["owner"] = owner,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private Task<CommPlan.Application.Reminders.SweepOutcome?> SweepAsync() =>
        _app.Services.GetRequiredService<ReminderScheduler>().SweepOnceAsync(CancellationToken.None);

    private int UserLookups => _graph.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v1.0/users", StringComparison.Ordinal));
    private int Installs => _graph.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.Contains("/teamwork/installedApps", StringComparison.Ordinal));

    private async Task<JsonArray> ReportAsync(string day) =>
        (await (await _client.GetAsync($"/api/plans/{DemoPlanId}/reminders/deliveries?from={day}&to={day}")).ReadJsonAsync())["items"]!.AsArray();

    private async Task<string> CardsInAsync(string conversationId, int count)
    {
        await Eventually.UntilAsync(() => _connector.Received(conversationId).Count >= count, Deadline,
            $"{count} message(s) in {conversationId} at the loopback Connector");
        return string.Join("\n", _connector.Received(conversationId).Select(r => r.Activity.Summary));
    }

    [Fact]
    public async Task An_owner_known_by_email_is_looked_up_once_the_app_installs_itself_opens_the_chat_and_the_card_arrives()
    {
        _graph.AddDirectoryUser(Per, mail: PerMail, userPrincipalName: "per.nilsson@pitea.onmicrosoft.com");
        await AddActivityAsync("Julmarknad på Repris", "2026-11-24", new { displayName = "Per Nilsson", email = "Per.Nilsson@pitea.se" });

        Assert.Equal(1, (await SweepAsync())!.Queued);

        // users/{address} is 404 (the sign-in name differs), then the filter on mail finds him.
        Assert.Equal(2, UserLookups);
        Assert.Contains(_graph.Requests, r => r.PathAndQuery.StartsWith("/v1.0/users/" + PerMail, StringComparison.Ordinal) && r.Status == 404);
        Assert.Equal(1, Installs);
        Assert.Contains(CatalogApp, _graph.InstalledApps(Per));
        var created = Assert.Single(_connector.CreatedConversations);
        Assert.Equal(Per.ToString(), created.Members![0].Id);
        Assert.Equal(Tenant, created.TenantId);
        var chat = (await ChatOfPerAsync())!;
        Assert.Contains("Julmarknad på Repris: deadline", await CardsInAsync(chat.ConversationId, 1));

        // The next day: the address is remembered and the chat exists, so neither Graph nor the Connector is asked again.
        _app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await SweepAsync())!.Queued);
        Assert.Equal(2, UserLookups);
        Assert.Equal(1, Installs);
        Assert.Single(_connector.CreatedConversations);
        await CardsInAsync(chat.ConversationId, 2);
    }

    [Fact]
    public async Task An_app_the_owner_has_already_is_a_409_and_the_chat_is_opened_all_the_same()
    {
        _graph.AddDirectoryUser(Per, mail: PerMail);
        _graph.InstallAppFor(Per, CatalogApp);
        await AddActivityAsync("Julmarknad på Repris", "2026-11-24", new { displayName = "Per Nilsson", email = PerMail });

        Assert.Equal(1, (await SweepAsync())!.Queued);

        Assert.Contains(_graph.Requests, r => r.PathAndQuery.Contains("/teamwork/installedApps", StringComparison.Ordinal) && r.Status == 409);
        Assert.Equal(1, UserLookups); // users/{address} finds the sign-in name at once
        Assert.Single(_connector.CreatedConversations);
        await CardsInAsync((await ChatOfPerAsync())!.ConversationId, 1);
    }

    [Fact]
    public async Task An_address_the_directory_does_not_know_is_reported_unresolved_with_the_reason_and_nothing_is_sent()
    {
        await AddActivityAsync("Julmarknad på Repris", "2026-11-24", new { displayName = "Okänd Person", email = "okand@pitea.se" });

        var outcome = await SweepAsync();

        Assert.Equal(0, outcome!.Queued);
        Assert.Equal(1, outcome.Unreachable);
        var line = Assert.Single(await ReportAsync("2026-11-23"))!;
        Assert.Equal("unresolved", line["state"]!.GetValue<string>());
        Assert.Contains("okand@pitea.se", line["reason"]!.GetValue<string>());
        Assert.Contains(_graph.Requests, r => r.PathAndQuery.StartsWith("/v1.0/users/okand@pitea.se", StringComparison.Ordinal) && r.Status == 404);
        Assert.Equal(0, Installs);
        Assert.Empty(_connector.CreatedConversations);
    }

    [Fact]
    public async Task A_disabled_account_is_reported_as_having_left_the_organisation()
    {
        _graph.AddDirectoryUser(Per, mail: PerMail, accountEnabled: false);
        await AddActivityAsync("Julmarknad på Repris", "2026-11-24", new { displayName = "Per Nilsson", email = PerMail });

        await SweepAsync();

        var line = Assert.Single(await ReportAsync("2026-11-23"))!;
        Assert.Equal("leftOrganisation", line["state"]!.GetValue<string>());
        Assert.Equal(0, Installs);
    }

    [Fact]
    public async Task A_chat_Teams_says_is_gone_is_opened_again_and_the_card_sent_once_more()
    {
        _graph.AddDirectoryUser(Per, mail: PerMail);
        await AddActivityAsync("Julmarknad på Repris", "2026-11-24", new { displayName = "Per Nilsson", email = PerMail });
        await SweepAsync();
        var chat = (await ChatOfPerAsync())!.ConversationId;
        await CardsInAsync(chat, 1);

        _connector.FailNext(chat, 404, "ConversationNotFound");
        _app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await SweepAsync())!.Queued);

        await CardsInAsync(chat, 2);
        Assert.Equal(2, _connector.CreatedConversations.Count);
        Assert.Equal(3, _connector.Attempts.Count(a => a.ConversationId == chat && a.Method == "POST"));
        await UntilAsync(async () => (await ReportAsync("2026-11-24")).Single()!["state"]!.GetValue<string>() == "sent", Deadline, "the report saying sent");
    }

    [Fact]
    public async Task A_chat_that_is_gone_again_after_opening_it_anew_is_reported_as_conversation_gone()
    {
        _graph.AddDirectoryUser(Per, mail: PerMail);
        await AddActivityAsync("Julmarknad på Repris", "2026-11-24", new { displayName = "Per Nilsson", email = PerMail });
        await SweepAsync();
        var chat = (await ChatOfPerAsync())!.ConversationId;
        await CardsInAsync(chat, 1);

        _connector.Remove(chat); // every request to it is 404 ConversationNotFound from now on
        _app.Clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync();

        await UntilAsync(async () => (await ReportAsync("2026-11-24")).Single()!["state"]!.GetValue<string>() == "conversationGone", Deadline,
            "the report saying conversationGone");
        var line = (await ReportAsync("2026-11-24")).Single()!;
        Assert.Contains("ConversationNotFound", line["reason"]!.GetValue<string>());
        Assert.Equal(2, _connector.CreatedConversations.Count);
        Assert.Single(_connector.Received(chat));
    }

    private async Task<ConversationRecord?> ChatOfPerAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationStore>().FindPersonalAsync(Per.ToString("D"));
    }

    /// <summary>Polls an asynchronous condition until it holds, failing with <paramref name="what"/> at the deadline.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Waited {timeout} for {what}.");
            await Task.Delay(50);
        }
    }
}
