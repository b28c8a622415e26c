using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.PressReleases;

/// <summary>
/// The approval flow through the real bot door: every activity carries a Bot Framework token signed by the loopback
/// OpenID server's keys, and what the app tells Teams afterwards is observed as requests at the loopback Bot
/// Connector (the approval card's POST and the PUTs that update it, the information and 1:1 cards). Anna and Bengt
/// are communicators of the demo plan, Sara is a manager and the committee chair; the group chat is the approval
/// conversation. The same rules on the embedded default and on a SharePoint site.
/// </summary>
public abstract class PressReleaseApprovalContract : IAsyncLifetime
{
    protected const string AppId = "5d1e7a9c-3b2f-4e6d-8c1a-9f0b2e4d6a81";
    protected const string GroupChat = "19:management-group@thread.v2";
    private const string OtherTenant = "0c7e2b51-8d3a-4f6e-9b1c-2a4d6e8f0a13";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected static readonly Person Anna = new(Guid.Parse(AnnaObjectId), AnnaId, "Anna Lindqvist", PersonalConversation);
    protected static readonly Person Bengt = new(Guid.Parse("3a8f1c2e-5b7d-4e9a-8c6f-1d2e3f4a5b6c"), "29:1bengt", "Bengt Ek", "a:1personal-bengt");
    protected static readonly Person Sara = new(Guid.Parse("bd5a7e96-4172-40c1-9e85-6fb07c9e5a05"), "29:1sara", "Sara Holm", "a:1personal-sara");
    /// <summary>An Entra group whose members are communicators too.</summary>
    protected static readonly Guid CommunicatorGroup = Guid.Parse("7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");

    private LoopbackOpenIdServer _openId = null!;
    private RsaSecurityKey _key = null!;
    private LoopbackTokenServer _botTokens = null!;
    protected LoopbackConnectorServer Connector { get; private set; } = null!;
    protected AppFactory App { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    protected sealed record Person(Guid ObjectId, string Mri, string Name, string Personal);

    /// <summary>Starts the host with these settings and services, on the store under test, with the demo plan in it.</summary>
    protected abstract Task<AppFactory> StartHostAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services);

    protected virtual Task StopAsync() => Task.CompletedTask;

    /// <summary>The plan's roles: the two communicators, the communicators' group and the manager.</summary>
    protected static IEnumerable<RoleAssignment> Roles() =>
    [
        new(Anna.ObjectId, PrincipalKind.User, PlanRole.Communicator, Anna.Name),
        new(Bengt.ObjectId, PrincipalKind.User, PlanRole.Communicator, Bengt.Name),
        new(CommunicatorGroup, PrincipalKind.Group, PlanRole.Communicator, "Kommunikatörer"),
        new(Sara.ObjectId, PrincipalKind.User, PlanRole.Manager, Sara.Name),
    ];

    public async Task InitializeAsync()
    {
        _openId = await LoopbackOpenIdServer.StartAsync();
        _key = _openId.PublishKey("msteams");
        Connector = await LoopbackConnectorServer.StartAsync();
        _botTokens = await LoopbackTokenServer.StartAsync(AppId, "bot-s3cret");
        Connector.AcceptToken = _botTokens.Issued;
        App = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = _botTokens.ClientSecret,
            ["Bot:TenantId"] = TenantId,
            ["Bot:Authority"] = _botTokens.Authority(TenantId),
            ["Bot:OpenIdMetadataUrl"] = _openId.MetadataUrl,
            ["Bot:RequireHttpsMetadata"] = "false",
            ["Access:TenantId"] = TenantId,
            ["PressReleases:CommitteeChair"] = Sara.ObjectId.ToString(),
        }, services => services.AddHttpClient(MsalConnectorTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_botTokens.CreatePinnedHandler));
        Client = App.CreateClient();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var plans = scope.ServiceProvider.GetRequiredService<IPlanStore>();
            var current = await plans.GetRolesAsync(DemoPlan.PlanId, default);
            await plans.SaveRolesAsync(DemoPlan.PlanId, PlanRoles.Create(Roles().ToList()), current!.ETag, default);
        }
        // Each has the app in their personal chat: the app knows their Teams ids, for the card's refresh and the 1:1 cards.
        foreach (var person in new[] { Anna, Bengt, Sara }.Concat(MorePeople()))
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(As(person, Install(locale: "en-US")))).StatusCode);
        var marked = await (await PostAsync(InGroupChat(As(Anna, Message("approval chat", locale: "en-US"))))).RepliesAsync();
        Assert.Contains("now receives the approval cards", TextOf(CardOf(Assert.Single(marked))));
    }

    /// <summary>Other people with the app in their personal chat.</summary>
    protected virtual IEnumerable<Person> MorePeople() => [];

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await StopAsync();
        await Connector.DisposeAsync();
        await _botTokens.DisposeAsync();
        await _openId.DisposeAsync();
    }

    /// <summary>Posts an activity from the Connector, as Teams does: its service URL, and a token naming it.</summary>
    protected Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        activity["serviceUrl"] = Connector.ServiceUrl;
        return Client.PostActivityAsync(activity, LoopbackOpenIdServer.Sign(_key, AppId, Connector.ServiceUrl, DateTime.UtcNow));
    }

    protected async Task<(HttpStatusCode Status, JsonNode Body)> InvokeAsync(JsonObject invoke)
    {
        var response = await PostAsync(invoke);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    protected static JsonObject As(Person person, JsonObject activity)
    {
        activity["from"] = new JsonObject { ["id"] = person.Mri, ["name"] = person.Name, ["aadObjectId"] = person.ObjectId.ToString() };
        if ((string?)activity["conversation"]!["id"] == PersonalConversation) activity["conversation"]!["id"] = person.Personal;
        return activity;
    }

    protected static JsonObject InGroupChat(JsonObject activity, string tenant = TenantId)
    {
        activity["conversation"] = new JsonObject { ["id"] = GroupChat, ["conversationType"] = "groupChat", ["tenantId"] = tenant, ["isGroup"] = true };
        return activity;
    }

    private static object Form(string title = "Vårrensning på Repris") => new
    {
        planId = DemoPlan.PlanId.ToString(),
        title,
        lead = "Repris tar emot det du rensar ut.",
        body = "Hela texten.",
        sendDate = "2026-12-01",
        sendTime = "09:30",
        unit = "repris",
        contact = "Anna Lindqvist",
    };

    protected static JsonObject Decision(Person who, Guid id, string decision, int version = 1, string? comment = null) =>
        InGroupChat(As(who, Invoke("pressrelease.decide",
            new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString(), version, decision, comment }, "en-US")));

    protected static JsonObject Refresh(Person who, Guid id) =>
        InGroupChat(As(who, Invoke("pressrelease.view", new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString() }, "en-US", "automatic")));

    /// <summary>Anna submits from her personal chat; returns the release once the approval card reached the group chat.</summary>
    protected async Task<Guid> SubmitAsync()
    {
        var (status, body) = await InvokeAsync(As(Anna, Invoke("pressrelease.submit", Form(), "en-US")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Submitted: Vårrensning på Repris", TextOf(body["value"]!));
        await SettledAsync();
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPressReleaseStore>().ListAsync(DemoPlan.PlanId, default)).Single().Value.Id;
    }

    /// <summary>Waits until the outbox has delivered (or given up on) everything written so far.</summary>
    protected async Task SettledAsync()
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var entries = await scope.ServiceProvider.GetRequiredService<IOutboxStore>().ListAsync();
                if (entries.All(e => e.IsFinished))
                {
                    Assert.All(entries, e => Assert.Equal(OutboxState.Sent, e.State));
                    return;
                }
                if (DateTime.UtcNow > until)
                    throw new TimeoutException($"{entries.Count(e => !e.IsFinished)} outbox entries were still unfinished after {Patience.TotalSeconds} s: "
                        + string.Join("; ", entries.Where(e => !e.IsFinished).Select(e => $"{e.ConversationId} {e.State} {e.LastError}")));
            }
            await Task.Delay(100);
        }
    }

    protected async Task<int> RecordCountAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPressReleaseStore>().ListAuditAsync(DemoPlan.PlanId, id, default)).Count;
    }

    /// <summary>The approval card as posted to the group chat and updated since: the Connector keeps its last version.</summary>
    protected ReceivedActivity ApprovalCard() => Connector.Received(GroupChat)[0];

    protected int Puts(string conversation) => Connector.Attempts.Count(a => a.ConversationId == conversation && a.Method == "PUT");

    protected static JsonNode CardIn(ReceivedActivity activity) =>
        JsonSerializer.SerializeToNode(activity.Activity, ProtocolJson.Options)!["attachments"]![0]!["content"]!;

    protected static int DecideButtons(JsonNode card) => card["actions"]!.AsArray().Count(a => (string?)a!["verb"] == "pressrelease.decide");

    protected static bool HasExecute(JsonNode card) => card["actions"]!.AsArray().Any(a => (string?)a!["type"] == "Action.Execute");

    protected static IReadOnlyList<string?> RefreshUsers(JsonNode card) => card["refresh"]!["userIds"]!.AsArray().Select(u => (string?)u).ToList();

    [Fact]
    public async Task The_command_answers_with_the_submission_form_for_the_current_plan()
    {
        var replies = await (await PostAsync(As(Anna, Message("press release", locale: "en-US")))).RepliesAsync();

        var card = CardOf(Assert.Single(replies));
        Assert.Contains("Submit a press release", TextOf(card));
        Assert.Equal("pressrelease.submit", (string?)card["actions"]![0]!["verb"]);
    }

    [Fact]
    public async Task A_submission_posts_a_read_only_approval_card_that_refreshes_for_the_communicators()
    {
        await SubmitAsync();

        var posted = Assert.Single(Connector.Received(GroupChat));
        var card = CardIn(posted);
        Assert.Contains(Anna.Mri, RefreshUsers(card));
        Assert.Contains(Bengt.Mri, RefreshUsers(card));
        Assert.DoesNotContain(Sara.Mri, RefreshUsers(card));
        Assert.Equal("pressrelease.view", (string?)card["refresh"]!["action"]!["verb"]);
        Assert.False(HasExecute(card));
        Assert.Contains(card["actions"]!.AsArray(), a => ((string?)a!["url"])?.Contains("/releases/") == true);
        Assert.Contains("Vårrensning på Repris", posted.Activity.Summary);
        Assert.All(Connector.Tokens, t => Assert.True(_botTokens.Issued(t!)));
    }

    [Fact]
    public async Task The_refresh_shows_communicators_the_buttons_and_others_a_read_only_card()
    {
        var id = await SubmitAsync();

        var (_, bengt) = await InvokeAsync(Refresh(Bengt, id));
        var (_, sara) = await InvokeAsync(Refresh(Sara, id));

        Assert.Equal(3, DecideButtons(bengt["value"]!));
        Assert.Equal(0, DecideButtons(sara["value"]!));
    }

    [Fact]
    public async Task A_forwarded_card_another_user_or_a_user_of_another_tenant_gets_an_error_card_and_nothing_changes_or_is_sent()
    {
        var id = await SubmitAsync();
        var attempts = Connector.Attempts.Count;

        // Sara presses the buttons of a card forwarded to her personal chat, then in the group chat.
        var forwarded = await InvokeAsync(As(Sara, Invoke("pressrelease.decide",
            new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString(), version = 1, decision = "Approve" }, "en-US")));
        var inChat = await InvokeAsync(Decision(Sara, id, "Reject", comment: "Nej."));
        // Someone signed in to another organisation, even with a communicator's object id.
        var stranger = Decision(Anna, id, "Approve");
        stranger["conversation"]!["tenantId"] = OtherTenant;
        stranger["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = OtherTenant } };
        var otherTenant = await InvokeAsync(stranger);
        await SettledAsync();

        Assert.All(new[] { forwarded, inChat }, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Contains("Only the plan’s communicators may do this.", TextOf(answer.Body["value"]!));
        });
        Assert.Equal(HttpStatusCode.OK, otherTenant.Status);
        Assert.Contains("another organisation", TextOf(otherTenant.Body["value"]!));
        Assert.Equal(1, await RecordCountAsync(id));
        Assert.Equal(attempts, Connector.Attempts.Count);
        Assert.Equal(1, ApprovalCard().Version);
    }

    [Fact]
    public async Task An_approval_answers_the_presser_with_the_decided_card_updates_the_posted_card_and_informs_the_chair_and_the_chat()
    {
        var id = await SubmitAsync();
        var posted = Assert.Single(Connector.Received(GroupChat)).ActivityId;

        var (status, body) = await InvokeAsync(Decision(Anna, id, "Approve", comment: "Bra."));
        await SettledAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        var answered = body["value"]!;
        Assert.Contains("Approved by Anna Lindqvist", TextOf(answered));
        Assert.False(HasExecute(answered));
        // Everyone else: the posted card itself, updated in place, without refresh or buttons.
        Assert.Equal(1, Puts(GroupChat));
        var updated = Assert.Single(Connector.Received(GroupChat), a => a.ActivityId == posted);
        Assert.Equal(2, updated.Version);
        var card = CardIn(updated);
        Assert.Contains("Approved by Anna Lindqvist", TextOf(card));
        Assert.Contains("Bra.", TextOf(card));
        Assert.Null(card["refresh"]);
        Assert.False(HasExecute(card));
        var informed = Assert.Single(Connector.Received(GroupChat), a => a.ActivityId != posted);
        Assert.Contains("Vårrensning på Repris", informed.Activity.Summary);
        Assert.Contains("Approved press release", TextOf(CardIn(informed)));
        var chair = Assert.Single(Connector.Received(Sara.Personal));
        Assert.Contains("Approved press release", TextOf(CardIn(chair)));
        Assert.Contains("Vårrensning på Repris", chair.Activity.Summary);
        Assert.Equal(2, await RecordCountAsync(id));
    }

    [Fact]
    public async Task Of_two_communicators_pressing_at_once_one_decision_is_recorded_and_the_other_hears_who_decided_and_when()
    {
        var id = await SubmitAsync();

        var answers = await Task.WhenAll(InvokeAsync(Decision(Anna, id, "Approve")), InvokeAsync(Decision(Bengt, id, "Reject", comment: "Nej.")));
        await SettledAsync();

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var texts = answers.Select(a => TextOf(a.Body["value"]!)).ToList();
        var won = Assert.Single(texts, t => !t.Contains("Already decided by"));
        var winner = won.Contains("Approved by Anna Lindqvist") ? Anna : Bengt;
        Assert.Contains(winner == Anna ? "Approved by Anna Lindqvist" : "Rejected by Bengt Ek", won);
        await using var scope = App.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<IPressReleaseStore>().ListAuditAsync(DemoPlan.PlanId, id, default);
        Assert.Equal(2, record.Count);
        Assert.Equal(winner.ObjectId, record[1].Actor.ObjectId);
        var zone = scope.ServiceProvider.GetRequiredService<OrganisationClock>().TimeZone;
        var at = TimeZoneInfo.ConvertTime(record[1].At, zone).ToString("g", CultureInfo.GetCultureInfo("en-US"));
        Assert.Contains($"Already decided by {winner.Name} at {at}", Assert.Single(texts, t => t != won));
        Assert.Equal(1, Puts(GroupChat));
        Assert.Contains(winner == Anna ? "Approved by Anna Lindqvist" : "Rejected by Bengt Ek", TextOf(CardIn(ApprovalCard())));
    }

    [Fact]
    public async Task A_redelivered_invoke_does_not_decide_twice()
    {
        var id = await SubmitAsync();
        var press = Decision(Anna, id, "Approve");

        var first = await InvokeAsync(press);
        var again = await InvokeAsync((JsonObject)press.DeepClone());
        await SettledAsync();

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("Approved by Anna Lindqvist", TextOf(first.Body["value"]!));
        Assert.False(HasExecute(again.Body["value"]!));
        Assert.Equal(2, await RecordCountAsync(id));
        Assert.Equal(1, Puts(GroupChat));
        Assert.Single(Connector.Received(Sara.Personal));
    }

    [Fact]
    public async Task Changes_requested_reach_the_submitter_1_1_and_a_press_on_the_old_version_gets_the_412_answer_and_the_current_card_back()
    {
        var id = await SubmitAsync();
        var (_, asked) = await InvokeAsync(Decision(Bengt, id, "RequestChanges", comment: "Kortare ingress."));
        await SettledAsync();
        Assert.Contains("Changes requested by Bengt Ek", TextOf(asked["value"]!));
        var toSubmitter = CardIn(Assert.Single(Connector.Received(Anna.Personal)));
        Assert.Contains("Kortare ingress.", TextOf(toSubmitter));
        Assert.Contains("pressrelease.resubmit", toSubmitter.ToJsonString());
        Assert.Contains("Changes requested by Bengt Ek", TextOf(CardIn(ApprovalCard())));

        var resubmitted = await InvokeAsync(As(Anna, Invoke("pressrelease.resubmit",
            new { planId = DemoPlan.PlanId.ToString(), releaseId = id.ToString(), title = "Kortare", lead = "Kort.", body = "Text.", sendDate = "2026-12-01", sendTime = "10:00", contact = "Anna" }, "en-US")));
        await SettledAsync();
        Assert.Contains("Version 2 waits", TextOf(resubmitted.Body["value"]!));
        var puts = Puts(GroupChat);
        var (status, stale) = await InvokeAsync(Decision(Bengt, id, "Approve", version: 1));
        await SettledAsync();

        Assert.Equal(HttpStatusCode.PreconditionFailed, status);
        Assert.Equal(412, (int)stale["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error.preconditionFailed", (string?)stale["type"]);
        Assert.Contains("version 2", (string?)stale["value"]!["message"]);
        Assert.Equal(3, await RecordCountAsync(id));
        // The card is put back as it is now: version 2, waiting, refreshing for the communicators.
        Assert.Equal(puts + 1, Puts(GroupChat));
        var current = CardIn(ApprovalCard());
        Assert.Contains("Kortare", TextOf(current));
        Assert.Contains(Bengt.Mri, RefreshUsers(current));
        var (_, view) = await InvokeAsync(Refresh(Bengt, id));
        Assert.Contains(view["value"]!["actions"]!.AsArray(), a => (int?)a!["data"]?["version"] == 2);
    }

    [Fact]
    public async Task The_approval_conversation_is_listed_with_its_plan_for_the_background_directory_refresh()
    {
        await using var scope = App.Services.CreateAsyncScope();

        var listed = await scope.ServiceProvider.GetRequiredService<IApprovalConversationStore>().ListAsync(default);

        var only = Assert.Single(listed);
        Assert.Equal(DemoPlan.PlanId, only.PlanId);
        Assert.Equal(GroupChat, only.ConversationId);
        Assert.Equal(Anna.ObjectId, only.SetBy);
    }
}

public sealed class SqlitePressReleaseApprovalTests : PressReleaseApprovalContract
{
    protected override Task<AppFactory> StartHostAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        var app = new AppFactory(settings) { UsesSystemClock = true, ConfigureTestServices = services };
        _ = app.Services;
        return Task.FromResult(app);
    }

    [Fact]
    public async Task Without_a_directory_a_communicator_group_adds_no_one_to_the_refresh()
    {
        await SubmitAsync();

        var card = CardIn(Assert.Single(Connector.Received(GroupChat)));
        Assert.Equal(new[] { Anna.Mri, Bengt.Mri }.Order(), RefreshUsers(card).Order());
        Assert.DoesNotContain("decide in the tab", TextOf(card));
    }

    [Fact]
    public async Task With_more_communicators_than_the_refresh_takes_the_card_lists_60_and_says_to_decide_in_the_tab()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var plans = scope.ServiceProvider.GetRequiredService<IPlanStore>();
            var conversations = scope.ServiceProvider.GetRequiredService<IConversationStore>();
            var many = Enumerable.Range(0, 60).Select(i => Guid.Parse($"00000000-0000-4000-8000-{i:D12}")).ToList();
            foreach (var id in many)
                await conversations.UpsertAsync(new ConversationRecord("a:1personal-" + id, Connector.ServiceUrl, TenantId, ConversationKind.Personal, BotId,
                    "29:1" + id, id.ToString(), null, null, "en-US", ConversationState.Active, null, DateTimeOffset.UtcNow));
            var roles = await plans.GetRolesAsync(DemoPlan.PlanId, default);
            await plans.SaveRolesAsync(DemoPlan.PlanId, PlanRoles.Create([.. Roles(), .. many.Select(id => new RoleAssignment(id, PrincipalKind.User, PlanRole.Communicator, "C " + id))]),
                roles!.ETag, default);
        }

        await SubmitAsync();

        var card = CardIn(Assert.Single(Connector.Received(GroupChat)));
        Assert.Equal(60, RefreshUsers(card).Count);
        Assert.Contains("decide in the tab", TextOf(card));
        Assert.Contains(card["actions"]!.AsArray(), a => ((string?)a!["url"])?.Contains("/releases/") == true);
    }
}

public sealed class SharePointPressReleaseApprovalTests : PressReleaseApprovalContract
{
    private const string SharePointTenant = "11111111-2222-3333-4444-555555555555";
    private static readonly Guid PressOffice = Guid.Parse("8d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a");
    private static readonly Person Eva = new(Guid.Parse("9e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b"), "29:1eva", "Eva Berg", "a:1personal-eva");
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;

    protected override IEnumerable<Person> MorePeople() => [Eva];

    protected override async Task<AppFactory> StartHostAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        // Communicator groups: the app reads memberships and members with GroupMember.Read.All.
        _tokens.AppRoles = ["Sites.Selected", "GroupMember.Read.All"];
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        // Eva is a communicator only through the press office, a group inside the communicators' group, among more
        // members than one page holds.
        _graph.AddGroupMember(CommunicatorGroup, PressOffice, memberIsGroup: true);
        for (var i = 0; i < _graph.PageSize + 2; i++) _graph.AddGroupMember(CommunicatorGroup, Guid.NewGuid());
        _graph.AddGroupMember(PressOffice, Eva.ObjectId);
        settings["SharePoint:SiteId"] = _graph.SiteId;
        settings["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl;
        settings["SharePoint:Authority"] = _tokens.Authority(SharePointTenant);
        settings["SharePoint:TenantId"] = SharePointTenant;
        settings["SharePoint:ClientId"] = _tokens.ClientId;
        settings["SharePoint:ClientSecret"] = _tokens.ClientSecret;
        settings["SharePoint:Organisation"] = "Piteå kommun";
        settings["Access:DirectoryBudget"] = "00:00:01";
        var app = new AppFactory(settings)
        {
            UsesSystemClock = true,
            ConfigureTestServices = s =>
            {
                s.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler);
                services(s);
            },
        };
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        Assert.IsType<SharePointPressReleaseStore>(scope.ServiceProvider.GetRequiredService<IPressReleaseStore>());
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
        return app;
    }

    protected override async Task StopAsync()
    {
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    [Fact]
    public async Task A_communicator_known_only_through_a_group_gets_the_buttons_on_refresh_and_decides()
    {
        var id = await SubmitAsync();

        var card = CardIn(Assert.Single(Connector.Received(GroupChat)));
        Assert.Contains(Eva.Mri, RefreshUsers(card));
        Assert.True(_graph.Requests.Count(r => r.PathAndQuery.Contains("/transitiveMembers", StringComparison.Ordinal)) >= 2, "the group's members were not read page by page");
        var reads = _graph.Requests.Count(r => r.PathAndQuery.Contains("/transitiveMembers", StringComparison.Ordinal));
        var (status, view) = await InvokeAsync(Refresh(Eva, id));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, DecideButtons(view["value"]!));
        Assert.Contains(Eva.Mri, RefreshUsers(view["value"]!));
        // The refresh lists the deciders again, from the directory's answer of a moment ago.
        Assert.Equal(reads, _graph.Requests.Count(r => r.PathAndQuery.Contains("/transitiveMembers", StringComparison.Ordinal)));

        var (_, decided) = await InvokeAsync(Decision(Eva, id, "Approve"));
        await SettledAsync();

        Assert.Contains("Approved by Eva Berg", TextOf(decided["value"]!));
        Assert.Contains("Approved by Eva Berg", TextOf(CardIn(ApprovalCard())));
        Assert.Equal(2, await RecordCountAsync(id));
    }

    /// <summary>Waits until the background refresh has listed the communicators' group.</summary>
    private async Task GroupListedAsync()
    {
        var members = App.Services.GetRequiredService<GroupMembersCache>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (members.Cached(CommunicatorGroup) is null)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The communicators' group was not listed in the background within 30 s of the approval chat being set.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task With_the_groups_listed_in_the_background_a_refresh_and_a_decision_ask_the_directory_nothing()
    {
        await GroupListedAsync();
        var id = await SubmitAsync();
        var lookups = _graph.DirectoryLookups;

        var (_, view) = await InvokeAsync(Refresh(Eva, id));
        var (_, decided) = await InvokeAsync(Decision(Eva, id, "Approve"));
        await SettledAsync();

        Assert.Equal(3, DecideButtons(view["value"]!));
        Assert.Contains("Approved by Eva Berg", TextOf(decided["value"]!));
        Assert.Contains("Approved by Eva Berg", TextOf(CardIn(ApprovalCard())));
        Assert.Equal(lookups, _graph.DirectoryLookups);
    }

    [Fact]
    public async Task On_a_cold_cache_a_directory_that_hangs_gets_its_budget_then_the_invoke_answers_try_again_and_nothing_is_recorded()
    {
        await GroupListedAsync();
        var id = await SubmitAsync();
        // A group named since the last round of the background refresh: nobody has listed it yet.
        var newGroup = Guid.NewGuid();
        _graph.AddGroupMember(newGroup, Sara.ObjectId);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var plans = scope.ServiceProvider.GetRequiredService<IPlanStore>();
            var roles = await plans.GetRolesAsync(DemoPlan.PlanId, default);
            await plans.SaveRolesAsync(DemoPlan.PlanId, PlanRoles.Create([.. Roles(), new(newGroup, PrincipalKind.Group, PlanRole.Communicator, "Pressjour")]),
                roles!.ETag, default);
        }
        var puts = Puts(GroupChat);
        _graph.DirectoryDelay = Timeout.InfiniteTimeSpan;

        // Teams waits about 15 s for an invoke: the answer must come before, however long the directory hangs.
        (HttpStatusCode Status, JsonNode Body) answered;
        try
        {
            answered = await InvokeAsync(Decision(Sara, id, "Approve")).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The invoke waited for the hanging directory past Teams' 15 s.");
        }
        var (status, answer) = answered;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Nothing was changed: try again", TextOf(answer["value"]!));
        Assert.Equal(1, await RecordCountAsync(id));
        await using (var scope = App.Services.CreateAsyncScope())
            Assert.Equal(CommPlan.Domain.PressReleases.PressReleaseState.Submitted,
                (await scope.ServiceProvider.GetRequiredService<IPressReleaseStore>().GetAsync(DemoPlan.PlanId, id, default))!.Value.State);
        await SettledAsync();
        Assert.Equal(puts, Puts(GroupChat));
    }
}
