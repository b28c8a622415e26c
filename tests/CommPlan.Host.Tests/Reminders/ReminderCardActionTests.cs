using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Host.Features.Reminders;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static CommPlan.Host.Tests.Bot.BotActivities;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Reminders;

/// <summary>
/// The reminder card's buttons as Teams sends them: adaptiveCard/action invokes at /api/messages, each signed with a
/// Bot Framework token from the loopback OpenID endpoint, on each store. Every action changes the stored activity
/// (read back from the store itself) and the card; a stranger's press is refused and changes nothing. The clock
/// stands on Monday 23 November 2026, 09:30 in Stockholm; the activity is due on Tuesday 24th.
/// </summary>
public abstract class ReminderCardActionContract : IAsyncLifetime
{
    protected const string AppId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4f6a81";
    private const string Maria = "9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03";   // owner, Repris (demo)
    private const string Leila = "ce6b8fa7-5283-41d2-8f96-70c18daf6b06";   // owner of other activities, not a communicator
    private const string MariaChat = "a:1personal-maria";
    private const string AnnaChat = "a:1personal-anna";

    private LoopbackOpenIdServer _openId = null!;
    private RsaSecurityKey _key = null!;
    protected LoopbackConnectorServer Connector { get; private set; } = null!;
    protected AppFactory App { get; private set; } = null!;
    private HttpClient _client = null!;
    private Guid _activityId;

    /// <summary>The host on the store under test, with the bot's token settings given.</summary>
    protected abstract Task<AppFactory> StartAsync(Dictionary<string, string?> botSettings);

    protected virtual Task StopAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _openId = await LoopbackOpenIdServer.StartAsync();
        _key = _openId.PublishKey("msteams");
        Connector = await LoopbackConnectorServer.StartAsync();
        App = await StartAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "client-secret-for-tests",
            ["Bot:TenantId"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = _openId.MetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
        });
        _client = App.CreateClient();
        var created = await _client.PostJsonAsync(Activities, new Dictionary<string, object?>
        {
            ["title"] = "Julmarknad på Repris",
            ["unit"] = "repris",
            ["period"] = new { from = "2026-11-02", to = "2026-11-24" },
            ["channels"] = new[] { "annons" },
            ["targetGroups"] = new[] { "allmanhet" },
            ["goals"] = new[] { "intresse" },
            ["owner"] = new { objectId = Maria, displayName = "Maria Öberg" },
            ["followUpMetric"] = "Antal besökare",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _activityId = Guid.Parse((await created.ReadJsonAsync())["id"]!.GetValue<string>());
        await InstallAsync(Maria, MariaChat);
        await App.Services.GetRequiredService<ReminderScheduler>().SweepOnceAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await StopAsync();
        await Connector.DisposeAsync();
        await _openId.DisposeAsync();
    }

    /// <summary>Signed as Teams signs: the token's serviceurl is the activity's; valid around the app's clock.</summary>
    private Task<HttpResponseMessage> PostSignedAsync(JsonObject activity)
    {
        var token = LoopbackOpenIdServer.Sign(_key, AppId, Connector.ServiceUrl, App.Clock.GetUtcNow().UtcDateTime, lifetime: TimeSpan.FromHours(2));
        return _client.PostActivityAsync(activity, token);
    }

    private async Task InstallAsync(string aadObjectId, string conversation)
    {
        var install = Personal("installationUpdate", aadObjectId: aadObjectId, conversationId: conversation, serviceUrl: Connector.ServiceUrl, expectReplies: false);
        install["action"] = "add";
        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(install)).StatusCode);
    }

    private async Task<IReadOnlyList<OutboxEntry>> OutboxAsync(string conversation)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync(conversation);
    }

    private async Task<Activity> StoredAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IActivityStore>().GetAsync(DemoPlanId, _activityId, default))!.Value;
    }

    private async Task<JsonNode> PressAsync(string verb, string aadObjectId = Maria, IDictionary<string, object>? inputs = null)
    {
        var sent = (await OutboxAsync(MariaChat)).First(e => e.Operation == OutboxOperation.Send && e.CorrelationKey?.StartsWith("reminder:") == true);
        var card = JsonNode.Parse(sent.PayloadJson)!["attachments"]![0]!["content"]!;
        var data = FindAction(card, verb)["data"]!.AsObject();
        foreach (var (k, v) in inputs ?? new Dictionary<string, object>()) data[k] = JsonSerializer.SerializeToNode(v);
        var invoke = Invoke(verb, data, conversationId: aadObjectId == Maria ? MariaChat : "a:1personal-" + aadObjectId[..8]);
        invoke["serviceUrl"] = Connector.ServiceUrl;
        invoke["from"]!["aadObjectId"] = aadObjectId;
        var response = await PostSignedAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        return body["value"]!;
    }

    private static JsonObject FindAction(JsonNode? node, string verb) =>
        Find(node, verb) ?? throw new InvalidOperationException("The card has no action " + verb);

    private static JsonObject? Find(JsonNode? node, string verb) => node switch
    {
        JsonObject o when o["verb"]?.GetValue<string>() == verb => o,
        JsonObject o => o.Select(p => Find(p.Value, verb)).FirstOrDefault(x => x is not null),
        JsonArray a => a.Select(x => Find(x, verb)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static string UpdatedCardText(OutboxEntry update) => TextOf(JsonNode.Parse(update.PayloadJson)!["attachments"]![0]!["content"]!);

    private async Task<OutboxEntry> CardUpdateAsync() =>
        Assert.Single(await OutboxAsync(MariaChat), e => e.Operation == OutboxOperation.Update && e.TargetCorrelationKey?.StartsWith("reminder:") == true);

    [Fact]
    public async Task An_unsigned_press_is_refused_at_the_door()
    {
        var invoke = Invoke(ReminderVerbs.Done, new { }, conversationId: MariaChat);
        invoke["serviceUrl"] = Connector.ServiceUrl;

        var response = await _client.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ActivityStatus.Planned, (await StoredAsync()).Status);
    }

    [Fact]
    public async Task Done_marks_the_stored_activity_done_and_updates_the_card()
    {
        var card = await PressAsync(ReminderVerbs.Done);

        Assert.Contains("Markerad som klar.", TextOf(card));
        Assert.Equal(ActivityStatus.Done, (await StoredAsync()).Status);
        Assert.Contains("Markerad som klar.", UpdatedCardText(await CardUpdateAsync()));
    }

    [Fact]
    public async Task Snooze_stores_the_snooze_and_the_next_day_sends_nothing_about_the_deadline()
    {
        var card = await PressAsync(ReminderVerbs.SnoozeUntil, inputs: new Dictionary<string, object> { ["snoozeUntil-0"] = "2026-11-26" });

        Assert.Contains("Snoozad till torsdag 26 november.", TextOf(card));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var snooze = Assert.Single(await scope.ServiceProvider.GetRequiredService<IReminderStore>().ListSnoozesAsync(new DateOnly(2026, 11, 1), default));
            Assert.Equal((_activityId, new DateOnly(2026, 11, 26)), (snooze.ActivityId, snooze.Until));
        }
        Assert.Contains("Snoozad till torsdag 26 november.", UpdatedCardText(await CardUpdateAsync()));
        App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await App.Services.GetRequiredService<ReminderScheduler>().SweepOnceAsync(CancellationToken.None))!.Queued);
    }

    [Fact]
    public async Task Record_figure_stores_the_figure_on_the_activity_and_shows_it_on_the_card()
    {
        var card = await PressAsync(ReminderVerbs.Figure, inputs: new Dictionary<string, object> { ["figure-0"] = "312" });

        Assert.Contains("Registrerat: 312 Antal besökare.", TextOf(card));
        Assert.Equal(312m, Assert.Single((await StoredAsync()).FollowUpFigures).Value);
        Assert.Contains("Registrerat: 312 Antal besökare.", UpdatedCardText(await CardUpdateAsync()));
    }

    [Fact]
    public async Task Not_mine_leaves_the_activity_as_it_was_tells_the_communicator_and_updates_the_card()
    {
        await InstallAsync(AnnaObjectId, AnnaChat);
        var before = await StoredAsync();

        var card = await PressAsync(ReminderVerbs.NotMine);

        Assert.Contains("Kommunikatören har ombetts att välja en annan ansvarig.", TextOf(card));
        var after = await StoredAsync();
        Assert.Equal((before.Status, before.Owner), (after.Status, after.Owner));
        Assert.Contains(await OutboxAsync(AnnaChat), e => JsonNode.Parse(e.PayloadJson)!["text"]?.GetValue<string>().Contains("inte är deras") == true);
        Assert.Contains("ombetts att välja en annan ansvarig", UpdatedCardText(await CardUpdateAsync()));
    }

    [Fact]
    public async Task A_press_by_someone_who_is_neither_owner_nor_communicator_is_refused_and_nothing_changes()
    {
        var done = await PressAsync(ReminderVerbs.Done, aadObjectId: Leila);
        var figure = await PressAsync(ReminderVerbs.Figure, aadObjectId: Leila, inputs: new Dictionary<string, object> { ["figure-0"] = "5" });

        Assert.Equal("attention", done["body"]![0]!["style"]!.GetValue<string>());
        Assert.Equal("attention", figure["body"]![0]!["style"]!.GetValue<string>());
        var stored = await StoredAsync();
        Assert.Equal(ActivityStatus.Planned, stored.Status);
        Assert.Empty(stored.FollowUpFigures);
        Assert.DoesNotContain(await OutboxAsync(MariaChat), e => e.Operation == OutboxOperation.Update);
    }
}

/// <summary>The card's actions on the embedded store (SQLite).</summary>
public sealed class ReminderCardActionSqliteTests : ReminderCardActionContract
{
    protected override Task<AppFactory> StartAsync(Dictionary<string, string?> botSettings) => Task.FromResult(new AppFactory(botSettings));
}

/// <summary>The card's actions with plans and activities on SharePoint (the loopback Graph).</summary>
public sealed class ReminderCardActionSharePointTests : ReminderCardActionContract
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;

    protected override async Task<AppFactory> StartAsync(Dictionary<string, string?> botSettings)
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        // Roles naming groups are checked in the directory on every action.
        _tokens.AppRoles = ["Sites.Selected", "GroupMember.Read.All"];
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        var settings = new Dictionary<string, string?>(botSettings)
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = _tokens.ClientSecret,
            ["SharePoint:Organisation"] = "Piteå kommun",
        };
        var app = new AppFactory(settings)
        {
            ConfigureTestServices = services =>
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler),
        };
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        var plans = scope.ServiceProvider.GetRequiredService<IPlanStore>();
        await plans.SaveAsync(DemoPlan.BuildPlan(2026), default);
        // The demo plan's people, as the seeder gives them: Anna is its communicator, Maria and Leila own activities.
        var roles = (await plans.GetRolesAsync(DemoPlanId, default))!;
        await plans.SaveRolesAsync(DemoPlanId, DemoPlan.Roles, roles.ETag, default);
        return app;
    }

    protected override async Task StopAsync()
    {
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }
}
