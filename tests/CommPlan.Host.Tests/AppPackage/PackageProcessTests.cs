using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using CommPlan.Host.Bot;
using CommPlan.Host.Features.AppPackage;
using CommPlan.Host.Tests.Hosting;
using CommPlan.Host.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CommPlan.Host.Tests.AppPackage;

/// <summary>
/// `dotnet CommPlan.Host.dll package` as an administrator runs it: settings in environment variables, the zip it
/// writes opened and checked against Microsoft's Teams schemas and icon rules.
/// </summary>
public sealed class PackageProcessTests : IDisposable
{
    private const string BotId = "0b1e2d3c-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private const string ClientId = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("commplan-package-");

    public void Dispose() => _out.Delete(recursive: true);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Bot__AppId"] = BotId,
        ["AzureAd__ClientId"] = ClientId,
        ["PublicUrl"] = "https://plan.pitea.example",
        ["TeamsApp__DeveloperName"] = "Piteå kommun",
    };

    private static async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        await using var process = HostProcess.Start(environment, ["package", .. args]);
        var code = await process.WaitForExitAsync("package should have finished");
        return (code, process.Output, process.Error);
    }

    private async Task<Dictionary<string, byte[]>> PackageAsync(Dictionary<string, string?> environment)
    {
        var result = await RunAsync(environment, "--output", _out.FullName);
        Assert.True(result.Code == 0, $"exit {result.Code}\nstdout:\n{result.Output}\nstderr:\n{result.Error}");
        var zip = Path.Combine(_out.FullName, "appPackage.zip");
        Assert.Contains($"Wrote {zip}", result.Output);
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    [Fact]
    public async Task The_package_holds_a_manifest_valid_against_the_Teams_schema_of_its_version_with_localization_files_and_icons()
    {
        var files = await PackageAsync(Settings());

        Assert.Equal(["color.png", "en.json", "manifest.json", "nb.json", "outline.png", "sv.json"], files.Keys.Order());
        var manifest = JsonNode.Parse(files["manifest.json"])!;
        var version = (string)manifest["manifestVersion"]!;
        Assert.Equal(AppManifest.ManifestVersion, version);
        Assert.Equal([], TeamsSchemas.Errors(TeamsSchemas.Manifest(version), files["manifest.json"]));
        var localization = TeamsSchemas.Localization(version);
        foreach (var language in (string[])["sv", "nb", "en"])
            Assert.Equal([], TeamsSchemas.Errors(localization, files[$"{language}.json"]));
    }

    [Fact]
    public async Task The_schema_check_reports_a_manifest_that_breaks_the_schema()
    {
        var files = await PackageAsync(Settings());
        var manifest = JsonNode.Parse(files["manifest.json"])!.AsObject();
        manifest.Remove("id");
        manifest["bots"]![0]!["scopes"] = new JsonArray("everywhere");

        var errors = TeamsSchemas.Errors(TeamsSchemas.Manifest((string)manifest["manifestVersion"]!), System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));

        Assert.Contains(errors, e => e.Contains("id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/bots/0/scopes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_manifest_uses_the_newest_schema_version_Microsoft_ships()
    {
        var newest = Directory.GetDirectories(TeamsSchemas.Folder(), "v1.*").Select(d => Version.Parse(Path.GetFileName(d)[1..])).Max();

        Assert.Equal(AppManifest.ManifestVersion, newest!.ToString());
    }

    [Fact]
    public async Task The_manifest_carries_the_configured_ids_host_names_and_the_bot_tabs_and_sign_in()
    {
        var manifest = JsonNode.Parse((await PackageAsync(Settings()))["manifest.json"])!;

        Assert.Equal(BotId, (string)manifest["id"]!); // TeamsApp:Id left empty: the bot's id
        Assert.Equal("Piteå kommun", (string)manifest["developer"]!["name"]!);
        Assert.Equal("https://plan.pitea.example/privacy", (string)manifest["developer"]!["privacyUrl"]!);
        Assert.Equal("https://plan.pitea.example/terms", (string)manifest["developer"]!["termsOfUseUrl"]!);
        Assert.Equal("sv", (string)manifest["localizationInfo"]!["defaultLanguageTag"]!);
        var bot = manifest["bots"]![0]!;
        Assert.Equal(BotId, (string)bot["botId"]!);
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("https://plan.pitea.example/tab/config", (string)manifest["configurableTabs"]![0]!["configurationUrl"]!);
        Assert.Equal(["team"], manifest["configurableTabs"]![0]!["scopes"]!.AsArray().Select(s => (string)s!));
        var personal = manifest["staticTabs"]![0]!;
        Assert.Equal("mine", (string)personal["entityId"]!);
        Assert.Equal("https://plan.pitea.example/", (string)personal["contentUrl"]!);
        var mine = manifest["staticTabs"]![1]!;
        Assert.Equal("my-activities", (string)mine["entityId"]!);
        Assert.Equal("https://plan.pitea.example/my", (string)mine["contentUrl"]!);
        Assert.Equal(["plan.pitea.example"], manifest["validDomains"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(ClientId, (string)manifest["webApplicationInfo"]!["id"]!);
        Assert.Equal($"api://plan.pitea.example/{ClientId}", (string)manifest["webApplicationInfo"]!["resource"]!);
        Assert.Equal(["identity"], manifest["permissions"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Configured_app_id_version_name_audience_and_a_Norwegian_organisation_are_written_into_the_package()
    {
        var settings = Settings();
        settings["TeamsApp__Id"] = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
        settings["TeamsApp__Version"] = "2.3.4";
        settings["TeamsApp__Name"] = "Kommunikasjonsplan Bodø";
        settings["AzureAd__Audience"] = "api://plan.bodo.example/commplan";
        settings["Organisation__Country"] = "Norway";

        var files = await PackageAsync(settings);
        var manifest = JsonNode.Parse(files["manifest.json"])!;

        Assert.Equal("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", (string)manifest["id"]!);
        Assert.Equal("2.3.4", (string)manifest["version"]!);
        Assert.Equal("nb", (string)manifest["localizationInfo"]!["defaultLanguageTag"]!);
        Assert.Equal("Kommunikasjonsplan Bodø", (string)manifest["name"]!["short"]!);
        Assert.Equal("Kommunikasjonsplan Bodø", (string)JsonNode.Parse(files["en.json"])!["name.short"]!);
        Assert.Equal("api://plan.bodo.example/commplan", (string)manifest["webApplicationInfo"]!["resource"]!);
        Assert.Equal("mine aktiviteter", (string)manifest["bots"]![0]!["commandLists"]![0]!["commands"]![0]!["title"]!);
    }

    [Fact]
    public async Task The_icons_are_192_px_colour_full_bleed_and_32_px_outline_only_white_on_transparent()
    {
        var files = await PackageAsync(Settings());

        using var color = Image.Load<Rgba32>(files["color.png"]);
        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.True(Pixels(color).All(p => p.A == 255), "the colour icon fills its square: no transparent pixel");

        using var outline = Image.Load<Rgba32>(files["outline.png"]);
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        var drawn = Pixels(outline).Where(p => p.A > 0).ToList();
        Assert.NotEmpty(drawn);
        Assert.True(drawn.All(p => p is { R: 255, G: 255, B: 255 }), $"every visible pixel of the outline is white; found {drawn.FirstOrDefault(p => p is not { R: 255, G: 255, B: 255 })}");
        Assert.Contains(Pixels(outline), p => p.A == 0);
        Assert.Equal(0, outline[0, 0].A); // a corner: the background is transparent
    }

    private static List<Rgba32> Pixels(Image<Rgba32> image)
    {
        var pixels = new List<Rgba32>(image.Width * image.Height);
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                pixels.Add(image[x, y]);
        return pixels;
    }

    [Fact]
    public async Task Without_settings_the_package_names_each_missing_one_and_exits_2()
    {
        var result = await RunAsync(new Dictionary<string, string?>(), "--output", _out.FullName);

        Assert.True(result.Code == 2, $"exit {result.Code}\nstdout:\n{result.Output}\nstderr:\n{result.Error}");
        Assert.Contains("CommPlan cannot build the app package:", result.Error);
        Assert.Contains("Setting Bot:AppId is needed for the app package", result.Error);
        Assert.Contains("Setting PublicUrl is needed for the app package", result.Error);
        Assert.Contains("Setting AzureAd:ClientId is needed for the app package", result.Error);
        Assert.Contains("Setting TeamsApp:DeveloperName is needed for the app package", result.Error);
        Assert.Empty(_out.GetFiles());
    }

    [Fact]
    public async Task An_http_PublicUrl_or_a_bot_id_that_is_no_GUID_is_refused_by_name_with_exit_2()
    {
        var settings = Settings();
        settings["PublicUrl"] = "http://plan.pitea.example";
        settings["Bot__AppId"] = "commplan-bot";

        var result = await RunAsync(settings, "--output", _out.FullName);

        Assert.True(result.Code == 2, $"exit {result.Code}\nstdout:\n{result.Output}\nstderr:\n{result.Error}");
        Assert.Contains("Setting PublicUrl must be an https address for the app package", result.Error);
        Assert.Contains("Setting Bot:AppId must be a GUID", result.Error);
        Assert.Empty(_out.GetFiles());
    }
}

/// <summary>What the manifest promises, checked against the running app and the bot.</summary>
public sealed class ManifestPromiseTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static TeamsAppSettings App() => new(Guid.NewGuid(), Guid.NewGuid(), "1.0.0", "Piteå kommun", null, new Uri("https://plan.pitea.example"),
        Guid.NewGuid(), "api://plan.pitea.example/x", "sv");

    [Theory]
    [InlineData("sv")]
    [InlineData("nb")]
    [InlineData("en")]
    public void Every_command_title_in_the_manifest_is_what_the_bot_understands_in_that_language(string language)
    {
        foreach (var command in ManifestCommands.For(CultureInfo.GetCultureInfo(language)).SelectMany(l => l.Commands))
        {
            var (handler, request) = BotCommandRegistry.Match(command.Title);
            Assert.True(request.Understood, $"{command.Title} is not understood");
            Assert.Equal(command.Name, ((BotCommandInfo)handler.GetProperty(nameof(IBotCommand.Info))!.GetValue(null)!).Name);
        }
    }

    [Fact]
    public async Task The_pages_the_manifest_links_to_answer()
    {
        var manifest = AppManifest.Manifest(App());
        var urls = new[]
        {
            (string)manifest["developer"]!["websiteUrl"]!, (string)manifest["developer"]!["privacyUrl"]!, (string)manifest["developer"]!["termsOfUseUrl"]!,
            (string)manifest["staticTabs"]![0]!["contentUrl"]!, (string)manifest["staticTabs"]![0]!["websiteUrl"]!,
            (string)manifest["staticTabs"]![1]!["contentUrl"]!,
            (string)manifest["configurableTabs"]![0]!["configurationUrl"]!,
        };
        var client = _app.CreateClient();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(new Uri(url).PathAndQuery);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/privacy", "sv", "Så behandlar appen personuppgifter", "Integritetsskyddsmyndigheten")]
    [InlineData("/privacy", "en", "Privacy notice", "SharePoint")]
    [InlineData("/accessibility", "sv", "Tillgänglighetsredogörelse", "DIGG")]
    [InlineData("/accessibility", "nb", "Tilgjengelighetserklæring", "Uu-tilsynet")]
    [InlineData("/accessibility", "en", "Accessibility statement", "WCAG 2.1")]
    [InlineData("/terms", "nb", "Bruksvilkår", "Microsoft 365")]
    public async Task The_pages_about_the_service_answer_in_the_readers_language(string path, string language, string title, string mentions)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{language}\">", html);
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains(mentions, html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/privacy")]
    [InlineData("/accessibility")]
    [InlineData("/terms")]
    [InlineData("/tab/config")]
    [InlineData("/plans/new")]
    public async Task Every_page_links_the_privacy_notice_accessibility_statement_and_terms(string path)
    {
        var html = await _app.CreateClient().GetStringAsync(path);

        Assert.Contains("href=\"/privacy\"", html);
        Assert.Contains("href=\"/accessibility\"", html);
        Assert.Contains("href=\"/terms\"", html);
    }
}
