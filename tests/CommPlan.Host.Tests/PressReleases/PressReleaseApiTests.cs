using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Host.Tests.Infrastructure;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using CommPlan.Testing.Graph;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.PressReleases;

/// <summary>
/// The press-release API through HTTP, the same facts on the embedded default and on a SharePoint site. The dev user
/// is a communicator of every plan (the embedded default's bootstrap communicator).
/// </summary>
public abstract class PressReleaseApiContract : IAsyncLifetime
{
    protected AppFactory App { get; set; } = null!;
    protected HttpClient Client { get; set; } = null!;

    protected static string Releases => $"/api/plans/{DemoPlanId}/press-releases";

    protected abstract Task StartAsync();

    protected virtual Task StopAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await StartAsync();
        Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await StopAsync();
    }

    public static Dictionary<string, object?> NewRelease(string title = "Vårrensning på Repris", bool submit = true) => new()
    {
        ["title"] = title,
        ["lead"] = "Repris tar emot det du rensar ut.",
        ["body"] = "Första stycket.\nAndra stycket.",
        ["plannedSendAt"] = "2026-12-01T09:00:00+01:00",
        ["unit"] = "repris",
        ["contact"] = "Sara Holm, 0911-000 00",
        ["submit"] = submit,
    };

    private async Task<JsonNode> CreateAsync(string title = "Vårrensning på Repris")
    {
        var response = await Client.PostAsync(Releases, Json(NewRelease(title)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private Task<HttpResponseMessage> DecideAsync(JsonNode release, string decision, int version, string? comment = null) =>
        Client.PostAsync($"{Releases}/{release["id"]}/decision", Json(new Dictionary<string, object?> { ["version"] = version, ["decision"] = decision, ["comment"] = comment }));

    /// <summary>The document of a release as the document store has it, once the background writer has written it in that state.</summary>
    private async Task<(StoredDocument Stored, string Text)> DocumentAsync(string name, string state)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var documents = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
            var stored = (await documents.ListAsync("press-releases", default)).FirstOrDefault(d => d.Name == name);
            if (stored?.Metadata.Status == state)
            {
                await using var content = (await documents.OpenAsync("press-releases", name, default))!;
                using var copy = new MemoryStream();
                await content.CopyToAsync(copy);
                copy.Position = 0;
                using var word = WordprocessingDocument.Open(copy, false);
                return (stored, word.MainDocumentPart!.Document!.Body!.InnerText);
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited 20 s in vain for document {name} in state {state} (found {stored?.Metadata.Status ?? "none"}).");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_submitted_release_is_version_1_with_its_record_and_a_word_document_in_the_library()
    {
        var created = await CreateAsync();

        Assert.Equal(("submitted", 1), ((string?)created["state"], (int)created["version"]!));
        var read = await Client.GetAsync($"{Releases}/{created["id"]}");
        var body = await read.ReadJsonAsync();
        Assert.Equal(read.Headers.ETag!.Tag, (string?)body["eTag"]);
        Assert.Equal("submitted", (string?)body["history"]![0]!["action"]);
        var (stored, text) = await DocumentAsync((string)created["document"]!, "Submitted");
        Assert.Equal(Guid.Parse(DemoPlanId.ToString()), stored.Metadata.PlanId);
        Assert.Contains("Vårrensning på Repris", text);
        Assert.Contains("Repris tar emot det du rensar ut.", text);
    }

    [Fact]
    public async Task A_release_missing_its_fields_is_refused_naming_every_one()
    {
        var response = await Client.PostAsync(Releases, Json(new Dictionary<string, object?> { ["title"] = " " }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.Equal(["body", "contact", "lead", "plannedSendAt", "title"], errors.Select(e => e.Key).Order());
        Assert.Empty((await (await Client.GetAsync(Releases)).ReadJsonAsync()).AsArray());
    }

    [Fact]
    public async Task An_approval_of_the_current_version_is_recorded_and_the_documents_status_follows()
    {
        var created = await CreateAsync();

        var response = await DecideAsync(created, "approve", 1, "Bra.");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var approved = await response.ReadJsonAsync();
        Assert.Equal("approved", (string?)approved["state"]);
        Assert.Equal("Bra.", (string?)approved["lastDecision"]!["comment"]);
        Assert.Equal(["submitted", "approved"], approved["history"]!.AsArray().Select(e => (string?)e!["action"]));
        await DocumentAsync((string)created["document"]!, "Approved");
    }

    [Fact]
    public async Task After_changes_are_asked_a_resubmission_is_version_2_and_a_decision_on_version_1_gets_412()
    {
        var created = await CreateAsync();
        var changes = await DecideAsync(created, "requestChanges", 1, "Kortare ingress.");
        Assert.Equal(HttpStatusCode.OK, changes.StatusCode);
        var content = NewRelease("Vårrensning på Repris – kortare");
        content.Remove("submit");
        var resubmit = new HttpRequestMessage(HttpMethod.Post, $"{Releases}/{created["id"]}/submission")
        {
            Content = Json(new Dictionary<string, object?> { ["content"] = content, ["comment"] = "Kortade." }),
        };
        resubmit.Headers.TryAddWithoutValidation("If-Match", changes.Headers.ETag!.Tag);

        var resubmitted = await Client.SendAsync(resubmit);

        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        var v2 = await resubmitted.ReadJsonAsync();
        Assert.Equal(("submitted", 2), ((string?)v2["state"], (int)v2["version"]!));
        var stale = await DecideAsync(created, "approve", 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var problem = await stale.ReadJsonAsync();
        Assert.Equal(("StaleVersion", 2), ((string?)problem["reason"], (int)problem["version"]!));
        await DocumentAsync((string)v2["document"]!, "Submitted");
        Assert.NotEqual((string?)created["document"], (string?)v2["document"]);
    }

    [Fact]
    public async Task Of_two_decisions_sent_at_once_one_is_recorded_and_the_other_hears_who_decided()
    {
        var created = await CreateAsync();

        var answers = await Task.WhenAll(DecideAsync(created, "approve", 1), DecideAsync(created, "reject", 1, "Nej."));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
        var problem = await loser.ReadJsonAsync();
        Assert.Equal("AlreadyDecided", (string?)problem["reason"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["decidedBy"]));
        var record = (await (await Client.GetAsync($"{Releases}/record")).ReadJsonAsync()).AsArray();
        Assert.Equal(2, record.Count);
    }

    [Fact]
    public async Task An_approved_release_marked_sent_is_archived_with_its_channels_and_can_no_longer_be_withdrawn()
    {
        var created = await CreateAsync();
        var approved = await DecideAsync(created, "approve", 1);
        var send = new HttpRequestMessage(HttpMethod.Post, $"{Releases}/{created["id"]}/sending")
        {
            Content = Json(new Dictionary<string, object?> { ["sentOn"] = "2026-11-23", ["channels"] = new[] { "webb", "pressmeddelande" } }),
        };
        send.Headers.TryAddWithoutValidation("If-Match", approved.Headers.ETag!.Tag);

        var sent = await Client.SendAsync(send);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var body = await sent.ReadJsonAsync();
        Assert.Equal("sent", (string?)body["state"]);
        Assert.Equal(["webb", "pressmeddelande"], body["sent"]!["channels"]!.AsArray().Select(c => (string?)c));
        await DocumentAsync((string)created["document"]!, "Sent");
        var withdraw = new HttpRequestMessage(HttpMethod.Post, $"{Releases}/{created["id"]}/withdrawal") { Content = Json(new Dictionary<string, object?> { ["reason"] = "Fel." }) };
        withdraw.Headers.TryAddWithoutValidation("If-Match", sent.Headers.ETag!.Tag);
        var refused = await Client.SendAsync(withdraw);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("InvalidTransition", (string?)(await refused.ReadJsonAsync())["reason"]);
    }

    [Fact]
    public async Task The_record_exports_as_json_and_csv_for_registration_in_the_order_written()
    {
        var first = await CreateAsync("Först");
        await CreateAsync("=HYPERLINK(\"x\")");
        await DecideAsync(first, "reject", 1, "Inte nu, \"tyvärr\".");

        var json = (await (await Client.GetAsync($"{Releases}/record")).ReadJsonAsync()).AsArray();
        var csvResponse = await Client.GetAsync($"{Releases}/record.csv");
        var csv = await csvResponse.Content.ReadAsStringAsync();

        Assert.Equal(["submitted", "submitted", "rejected"], json.Select(e => (string?)e!["action"]));
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("entryId,at,releaseId,version,action,stateAfter,actorObjectId,actorName,comment,documentVersion", lines[0]);
        Assert.Contains(",Rejected,Rejected,", lines[3]);
        Assert.Contains("\"Inte nu, \"\"tyvärr\"\".\"", lines[3]);
        Assert.Equal((string?)json[2]!["id"], lines[3].Split(',')[0]);
    }
}

public sealed class SqlitePressReleaseApiTests : PressReleaseApiContract
{
    protected override Task StartAsync()
    {
        App = new AppFactory();
        Client = App.CreateClient();
        return Task.CompletedTask;
    }
}

public sealed class SharePointPressReleaseApiTests : PressReleaseApiContract
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private LoopbackGraphServer _graph = null!;
    private LoopbackTokenServer _tokens = null!;

    protected override async Task StartAsync()
    {
        _graph = await LoopbackGraphServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync("commplan-app", "s3cret");
        _graph.TrustTokensFrom(_tokens);
        _graph.GrantSite(_tokens.ClientId);
        App = new AppFactory(new Dictionary<string, string?>
        {
            ["SharePoint:SiteId"] = _graph.SiteId,
            ["SharePoint:GraphBaseUrl"] = _graph.GraphBaseUrl,
            ["SharePoint:Authority"] = _tokens.Authority(Tenant),
            ["SharePoint:TenantId"] = Tenant,
            ["SharePoint:ClientId"] = _tokens.ClientId,
            ["SharePoint:ClientSecret"] = _tokens.ClientSecret,
            ["SharePoint:Organisation"] = "Piteå kommun",
        })
        {
            ConfigureTestServices = services =>
                services.AddHttpClient(GraphTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler),
        };
        Client = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(default)).Succeeded);
        Assert.IsType<SharePointPressReleaseStore>(scope.ServiceProvider.GetRequiredService<IPressReleaseStore>());
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(DemoPlan.BuildPlan(2026), default);
    }

    protected override async Task StopAsync()
    {
        await _graph.DisposeAsync();
        await _tokens.DisposeAsync();
    }
}

/// <summary>The tab page every approval card links to: the same decision, the same rules, the same record.</summary>
public sealed class PressReleasePageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_communicator_decides_on_the_page_and_the_decision_is_recorded_once()
    {
        var created = await (await _client.PostAsync($"/api/plans/{DemoPlanId}/press-releases", Json(PressReleaseApiContract.NewRelease()))).ReadJsonAsync();
        var page = $"/releases/{DemoPlanId:N}/{created["id"]}";

        var html = await _client.GetStringAsync(page);
        Assert.Contains("Vårrensning på Repris", html);
        Assert.Contains("value=\"Approve\"", html);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = "1", ["Decision"] = "Approve", ["Comment"] = "Bra.", ["__RequestVerificationToken"] = token,
        });
        var posted = await _client.PostAsync(page, form);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var after = await posted.Content.ReadAsStringAsync();
        Assert.Contains("Your decision is recorded.", after);
        Assert.DoesNotContain("value=\"Approve\"", after);
        var record = (await (await _client.GetAsync($"/api/plans/{DemoPlanId}/press-releases/record")).ReadJsonAsync()).AsArray();
        Assert.Equal(["submitted", "approved"], record.Select(e => (string?)e!["action"]));
    }
}
