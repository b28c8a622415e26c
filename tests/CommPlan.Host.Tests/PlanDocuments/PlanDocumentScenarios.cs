using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CommPlan.Application.Access;
using CommPlan.Application.PlanDocuments;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;
using static CommPlan.Host.Tests.Plans.PlanFiles;

namespace CommPlan.Host.Tests.PlanDocuments;

/// <summary>
/// A communicator writes the plan as a Word document into the plan's library, uploads documents, opens them and
/// their versions and marks the plan adopted, through the API, on each store.
/// </summary>
public abstract class PlanDocumentScenarios : IAsyncLifetime
{
    protected static readonly Guid Stranger = new("e1111111-2222-4333-8444-555555555555");

    protected AppFactory App { get; private set; } = null!;
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The host on this store, signed in as the dev user (a bootstrap communicator), with these settings added.</summary>
    protected abstract Task<AppFactory> StartAsync(Dictionary<string, string?>? settings = null);

    /// <summary>A second host on the same store, signed in as <see cref="Stranger"/>, with no bootstrap communicators.</summary>
    protected abstract AppFactory StartAsStranger();

    public virtual async Task InitializeAsync() => await UseAsync(await StartAsync());

    protected async Task UseAsync(AppFactory app)
    {
        if (App is not null) await App.DisposeAsync();
        App = app;
        Client = App.CreateClient();
        Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    protected static Action<IServiceCollection> AsStranger => services => services.AddSingleton(new AccessOptions());

    protected static Dictionary<string, string?> StrangerIdentity => new() { ["DevIdentity:ObjectId"] = Stranger.ToString() };

    /// <summary>A plan with six activities imported from the municipal table.</summary>
    protected async Task<string> PlanWithActivitiesAsync()
    {
        var created = await Client.PostAsync("/api/plans", Json(NewPlan(2027)));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        var imported = await Client.PostAsync($"/api/plans/{id}/import", Xlsx(GoodFile(6)));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        return id;
    }

    protected async Task<JsonArray> DocumentsAsync(string planId)
    {
        var response = await Client.GetAsync($"/api/plans/{planId}/documents");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    protected async Task<byte[]> DownloadAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    protected static MultipartFormDataContent FileForm(string name, byte[] content, string type = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(part, "file", name);
        return form;
    }

    /// <summary>Where the store opens a document: SharePoint's viewer, or the app's download.</summary>
    protected abstract void AssertOpensWhereTheStoreShowsIt(JsonNode document);

    [Fact]
    public async Task The_generated_plan_document_has_every_section_and_the_activity_plan_and_generating_again_makes_a_version_not_a_copy()
    {
        var planId = await PlanWithActivitiesAsync();

        var first = await Client.PostAsync($"/api/plans/{planId}/documents/generate", Json(new { language = "sv", strategy = "Kommunicera, inte bara informera.\n\nMålgruppen i fokus." }));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var written = await first.ReadJsonAsync();
        Assert.Equal("Kommunikationsplan 2027.docx", (string)written["name"]!);
        Assert.Equal(PlanDocumentStatus.Draft, (string)written["status"]!);
        Assert.Equal("Anna Lindqvist", (string)written["changedBy"]!);
        AssertOpensWhereTheStoreShowsIt(written);

        using (var document = WordFiles.Open(await DownloadAsync((string)written["downloadUrl"]!)))
        {
            Assert.Equal("sv-SE", WordFiles.Language(document));
            Assert.Equal("sv-SE", document.PackageProperties.Language);
            Assert.Equal(
                ["1  Kommunikationsmål", "2  Målgrupper", "3  Kanaler och kommunikationsenheter", "4  Kommunikationsstrategi", "5  Ansvar och roller",
                    "6  Mediakontakter", "Bilaga 1. Aktivitetsplan 2027"],
                WordFiles.Headings(document));
            Assert.Contains("Skapa intresse", WordFiles.Section(document, PlanDocumentParts.Goals));
            Assert.Contains("Unga vuxna", WordFiles.Section(document, PlanDocumentParts.TargetGroups));
            Assert.Contains("Facebook", WordFiles.Section(document, PlanDocumentParts.Channels));
            Assert.Contains("Målgruppen i fokus.", WordFiles.Section(document, PlanDocumentParts.Strategy));
            Assert.Contains("Anna Lindqvist", WordFiles.Section(document, PlanDocumentParts.Responsibilities));
            Assert.Contains("Maria Öberg", WordFiles.Section(document, PlanDocumentParts.Responsibilities));
            Assert.Contains("Anna Lindqvist", WordFiles.Section(document, PlanDocumentParts.MediaContacts));
            var table = WordFiles.ActivityTable(document, "Tid");
            Assert.Equal(["Tid", "Verksamhet", "Aktivitet", "Möjliga enheter", "Mål/Målgrupp", "Ansvar/Kontaktperson", "Uppföljning & utvärdering"], table[0]);
            Assert.Equal(7, table.Count);
            // The activity's description follows its title in the same cell.
            Assert.All(Enumerable.Range(1, 6), i => Assert.Single(table, r => r[2] == $"Aktivitet {i}" || r[2].StartsWith($"Aktivitet {i}Ansvar", StringComparison.Ordinal)));
            Assert.Contains(table, r => r[0] == "4 ggr/år" && r[1] == "Vuxenutbildningen" && r[3] == "Facebook, Webb" && r[6] == "Antal besökare");
            Assert.Contains(table, r => r[0] == "maj och okt" && r[1] == "Repris");
            Assert.True(WordFiles.HeaderRowRepeats(document, "Tid"));
            Assert.DoesNotContain("{{", document.MainDocumentPart!.Document!.InnerText);
        }

        var again = await Client.PostAsync($"/api/plans/{planId}/documents/generate", Json(new { language = "en" }));
        Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        var listed = Assert.Single(await DocumentsAsync(planId));
        Assert.Equal("Kommunikationsplan 2027.docx", (string)listed!["name"]!);
        Assert.NotEqual((string)written["version"]!, (string)listed["version"]!);
        using (var english = WordFiles.Open(await DownloadAsync((string)listed["downloadUrl"]!)))
            Assert.Equal("Time", WordFiles.ActivityTable(english, "Time")[0][0]);

        var versions = (await (await Client.GetAsync($"/api/plans/{planId}/documents/Kommunikationsplan%202027.docx/versions")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal(2, versions.Count);
        using (var older = WordFiles.Open(await DownloadAsync((string)versions[1]!["downloadUrl"]!)))
            Assert.Equal("Tid", WordFiles.ActivityTable(older, "Tid")[0][0]);
    }

    [Fact]
    public async Task An_uploaded_document_is_listed_opened_versioned_and_adopted_with_who_adopted_it()
    {
        var planId = await PlanWithActivitiesAsync();
        var first = await Client.PostAsync($"/api/plans/{planId}/documents", FileForm("Budget 2027.pdf", "%PDF-1 första"u8.ToArray(), "application/pdf"));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var second = await Client.PostAsync($"/api/plans/{planId}/documents", FileForm("Budget 2027.pdf", "%PDF-1 andra versionen"u8.ToArray(), "application/pdf"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var listed = Assert.Single(await DocumentsAsync(planId));
        Assert.Equal("Budget 2027.pdf", (string)listed!["name"]!);
        Assert.Equal("Anna Lindqvist", (string)listed["changedBy"]!);
        Assert.Equal("%PDF-1 andra versionen"u8.ToArray(), await DownloadAsync((string)listed["downloadUrl"]!));
        var versions = (await (await Client.GetAsync($"/api/plans/{planId}/documents/Budget%202027.pdf/versions")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal(2, versions.Count);
        Assert.Equal("%PDF-1 första"u8.ToArray(), await DownloadAsync((string)versions[1]!["downloadUrl"]!));

        App.Clock.Advance(TimeSpan.FromHours(2));
        var adopted = await Client.PostAsync($"/api/plans/{planId}/documents/Budget%202027.pdf/adopt", null);
        Assert.True(adopted.StatusCode == HttpStatusCode.OK, await adopted.Content.ReadAsStringAsync());
        var body = await adopted.ReadJsonAsync();
        Assert.Equal((PlanDocumentStatus.Adopted, "Anna Lindqvist"), ((string)body["status"]!, (string)body["changedBy"]!));
        Assert.Equal(PlanDocumentStatus.Adopted, (string)Assert.Single(await DocumentsAsync(planId))!["status"]!);
        Assert.Equal("%PDF-1 andra versionen"u8.ToArray(), await DownloadAsync((string)body["downloadUrl"]!));

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/plans/{planId}/documents/Nothing.pdf/content")).StatusCode);
    }

    [Fact]
    public async Task Adopting_a_document_records_who_when_which_document_and_the_version_it_made_in_the_plans_record_and_its_csv()
    {
        var planId = await PlanWithActivitiesAsync();
        var generated = await Client.PostAsync($"/api/plans/{planId}/documents/generate", Json(new { language = "sv" }));
        Assert.True(generated.StatusCode == HttpStatusCode.OK, await generated.Content.ReadAsStringAsync());
        var draftVersion = (string)(await generated.ReadJsonAsync())["version"]!;
        App.Clock.Advance(TimeSpan.FromDays(3));
        var adoptedAt = App.Clock.GetUtcNow();

        var adopted = await Client.PostAsync($"/api/plans/{planId}/documents/Kommunikationsplan%202027.docx/adopt", null);

        Assert.True(adopted.StatusCode == HttpStatusCode.OK, await adopted.Content.ReadAsStringAsync());
        var adoptedVersion = (string)(await adopted.ReadJsonAsync())["version"]!;
        Assert.NotEqual(draftVersion, adoptedVersion);
        var entry = Assert.Single((await (await Client.GetAsync($"/api/plans/{planId}/press-releases/record")).ReadJsonAsync()).AsArray())!;
        Assert.Equal(("planDocument", "adopted", "Kommunikationsplan 2027.docx", adoptedVersion),
            ((string?)entry["subject"], (string?)entry["action"], (string?)entry["document"], (string?)entry["documentVersion"]));
        Assert.Equal(("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01", "Anna Lindqvist"), ((string?)entry["actor"]!["objectId"], (string?)entry["actor"]!["name"]));
        Assert.Equal(adoptedAt, DateTimeOffset.Parse((string)entry["at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(entry["releaseId"]);
        Assert.Null(entry["stateAfter"]);
        Assert.Equal(adoptedVersion, (string)Assert.Single(await DocumentsAsync(planId))!["version"]!);

        var csv = await Client.GetAsync($"/api/plans/{planId}/press-releases/record.csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(",subject,document", lines[0]);
        Assert.Equal(
            [(string)entry["id"]!, adoptedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), "", "", "Adopted", "",
                "6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01", "Anna Lindqvist", "", adoptedVersion, "PlanDocument", "Kommunikationsplan 2027.docx"],
            lines[1].Split(','));
    }

    [Fact]
    public async Task An_upload_over_the_limit_or_of_a_type_not_allowed_is_refused_and_nothing_is_written()
    {
        await UseAsync(await StartAsync(new() { ["PlanDocuments:MaxUploadBytes"] = "2000", ["PlanDocuments:AllowedExtensions:0"] = ".pdf" }));
        var planId = await PlanWithActivitiesAsync();

        var large = await Client.PostAsync($"/api/plans/{planId}/documents", FileForm("Stor.pdf", new byte[5000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains("2000", (string)(await large.ReadJsonAsync())["title"]!);
        var program = await Client.PostAsync($"/api/plans/{planId}/documents", FileForm("verktyg.exe", new byte[10]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, program.StatusCode);
        Assert.Contains(".pdf", (string)(await program.ReadJsonAsync())["title"]!);

        Assert.Empty(await DocumentsAsync(planId));
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/plans/{planId}/documents", FileForm("Liten.pdf", new byte[1500]))).StatusCode);
    }

    [Fact]
    public async Task A_template_that_is_no_Word_document_or_lacks_parts_is_refused_with_what_is_missing_and_the_organisations_own_is_used()
    {
        var planId = await PlanWithActivitiesAsync();
        var template = $"/api/plans/{planId}/documents/template";

        var garbage = await Client.PutAsync(template, FileForm("mall.docx", "inte en docx"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, garbage.StatusCode);
        Assert.NotNull((await garbage.ReadJsonAsync())["errors"]!["template"]);

        var lacking = await Client.PutAsync(template, FileForm("mall.docx", WordFiles.OrganisationTemplate(leaveOut: [PlanDocumentParts.MediaContacts, PlanDocumentParts.ActivityPlan])));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lacking.StatusCode);
        var problem = await lacking.ReadJsonAsync();
        Assert.Equal([PlanDocumentParts.MediaContacts, PlanDocumentParts.ActivityPlan], problem["missing"]!.AsArray().Select(n => (string)n!));
        Assert.NotNull(problem["errors"]!["template.activity-plan"]);

        var good = await Client.PutAsync(template, FileForm("mall.docx", WordFiles.OrganisationTemplate()));
        Assert.True(good.StatusCode == HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        Assert.Empty(await DocumentsAsync(planId)); // the template belongs to no plan

        var generated = await Client.PostAsync($"/api/plans/{planId}/documents/generate", Json(new { language = "sv" }));
        Assert.True(generated.StatusCode == HttpStatusCode.OK, await generated.Content.ReadAsStringAsync());
        using var document = WordFiles.Open(await DownloadAsync((string)(await generated.ReadJsonAsync())["downloadUrl"]!));
        var text = document.MainDocumentPart!.Document!.InnerText;
        Assert.Contains("Piteå kommuns mall", text);
        Assert.Contains("Plan: Kommunikationsplan 2027", text);
        Assert.DoesNotContain("{{", text);
        Assert.DoesNotContain("Klicka här för målen", text);
        Assert.Contains("Skapa intresse", WordFiles.Section(document, PlanDocumentParts.Goals));
        Assert.Equal(7, WordFiles.ActivityTable(document, "Tid").Count);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(template)).StatusCode);
    }

    [Fact]
    public async Task Someone_who_is_no_communicator_reads_the_documents_but_cannot_generate_upload_or_adopt_and_nothing_is_recorded()
    {
        var planId = await PlanWithActivitiesAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/plans/{planId}/documents/generate", null)).StatusCode);

        await using var stranger = StartAsStranger();
        var client = stranger.CreateClient();
        Assert.Single((await (await client.GetAsync($"/api/plans/{planId}/documents")).ReadJsonAsync())["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/plans/{planId}/documents/generate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/plans/{planId}/documents", FileForm("x.pdf", [1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/plans/{planId}/documents/Kommunikationsplan%202027.docx/adopt", null)).StatusCode);
        Assert.Equal(PlanDocumentStatus.Draft, (string)Assert.Single(await DocumentsAsync(planId))!["status"]!);
        Assert.Empty((await (await Client.GetAsync($"/api/plans/{planId}/press-releases/record")).ReadJsonAsync()).AsArray());
    }
}

/// <summary>The scenarios on the embedded default: a SQLite file and a local documents folder.</summary>
public sealed class SqlitePlanDocumentTests : PlanDocumentScenarios
{
    protected override Task<AppFactory> StartAsync(Dictionary<string, string?>? settings = null) => Task.FromResult(new AppFactory(settings));

    protected override AppFactory StartAsStranger() =>
        new(StrangerIdentity, App.Folder) { DeleteFolderOnDispose = false, ConfigureTestServices = AsStranger };

    protected override void AssertOpensWhereTheStoreShowsIt(JsonNode document)
    {
        Assert.Null(document["webUrl"]);
        Assert.Equal((string)document["downloadUrl"]!, (string)document["openUrl"]!);
    }
}
