using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Host.Extensions;

namespace CommPlan.Host.Features.AppPackage;

/// <summary>
/// The Teams app package: manifest.json, one localization file per language (sv, nb, en) and the two icons. The
/// manifest is written in the organisation's language; Teams picks the others' files by the client's language.
/// </summary>
public static class AppManifest
{
    /// <summary>The newest manifest schema Microsoft publishes (npm @microsoft/app-manifest; the tests validate against it).</summary>
    public const string ManifestVersion = "1.30";

    public const string SchemaUrl = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json";
    public const string LocalizationSchemaUrl = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.Localization.schema.json";
    public const string AccentColor = "#0F548C";
    public const string ColorIcon = "color.png";
    public const string OutlineIcon = "outline.png";

    /// <summary>The personal tab's entity id: the plan as the signed-in person sees it.</summary>
    public const string PersonalTabEntityId = "mine";

    /// <summary>The personal tab with the signed-in person's own activities.</summary>
    public const string MyActivitiesTabEntityId = "my-activities";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<string> Languages => WebExtensions.Cultures.Select(c => c.Name);

    public static JsonObject Manifest(TeamsAppSettings app)
    {
        var culture = CultureInfo.GetCultureInfo(app.DefaultLanguage);
        var manifest = new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = app.Version,
            ["id"] = app.AppId.ToString(),
            ["localizationInfo"] = new JsonObject
            {
                ["defaultLanguageTag"] = app.DefaultLanguage,
                ["defaultLanguageFile"] = LanguageFile(app.DefaultLanguage),
                ["additionalLanguages"] = new JsonArray([.. Languages.Where(l => l != app.DefaultLanguage)
                    .Select(l => (JsonNode)new JsonObject { ["languageTag"] = l, ["file"] = LanguageFile(l) })]),
            },
            ["developer"] = new JsonObject
            {
                ["name"] = app.DeveloperName,
                ["websiteUrl"] = app.Url("/"),
                ["privacyUrl"] = app.Url("/privacy"),
                ["termsOfUseUrl"] = app.Url("/terms"),
            },
            ["name"] = new JsonObject { ["short"] = ShortName(app, culture), ["full"] = AppPackageText.Get("Name_Full", culture) },
            ["description"] = new JsonObject
            {
                ["short"] = AppPackageText.Get("Description_Short", culture),
                ["full"] = AppPackageText.Get("Description_Full", culture),
            },
            ["icons"] = new JsonObject { ["color"] = ColorIcon, ["outline"] = OutlineIcon },
            ["accentColor"] = AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = app.BotId.ToString(),
                ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
                ["commandLists"] = new JsonArray([.. ManifestCommands.For(culture).Select(list => (JsonNode)new JsonObject
                {
                    ["scopes"] = new JsonArray([.. list.Scopes.Select(s => (JsonNode)s)]),
                    ["commands"] = new JsonArray([.. list.Commands.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["description"] = c.Description })]),
                })]),
            }),
            ["configurableTabs"] = new JsonArray(new JsonObject
            {
                ["configurationUrl"] = app.Url("/tab/config"),
                ["canUpdateConfiguration"] = true,
                ["scopes"] = new JsonArray("team"),
                ["context"] = new JsonArray("channelTab"),
            }),
            ["staticTabs"] = new JsonArray(new JsonObject
            {
                ["entityId"] = PersonalTabEntityId,
                ["name"] = AppPackageText.Get("Tab_Plan", culture),
                ["contentUrl"] = app.Url("/"),
                ["websiteUrl"] = app.Url("/"),
                ["scopes"] = new JsonArray("personal"),
                ["context"] = new JsonArray("personalTab"),
            }, new JsonObject
            {
                ["entityId"] = MyActivitiesTabEntityId,
                ["name"] = AppPackageText.Get("Tab_Mine", culture),
                ["contentUrl"] = app.Url("/my"),
                ["websiteUrl"] = app.Url("/my"),
                ["scopes"] = new JsonArray("personal"),
                ["context"] = new JsonArray("personalTab"),
            }),
            // The user's identity for the tab's sign-in. No messageTeamMembers: the bot only writes in conversations it
            // was installed in (replies and the outbox), it never starts a chat with a team member.
            ["permissions"] = new JsonArray("identity"),
            ["validDomains"] = new JsonArray(app.Host),
            ["webApplicationInfo"] = new JsonObject { ["id"] = app.ClientId.ToString(), ["resource"] = app.Resource },
        };
        return manifest;
    }

    /// <summary>One language's strings, keyed by their place in the manifest as Teams' localization schema asks.</summary>
    public static JsonObject Localization(TeamsAppSettings app, string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var file = new JsonObject
        {
            ["$schema"] = LocalizationSchemaUrl,
            ["name.short"] = ShortName(app, culture),
            ["name.full"] = AppPackageText.Get("Name_Full", culture),
            ["description.short"] = AppPackageText.Get("Description_Short", culture),
            ["description.full"] = AppPackageText.Get("Description_Full", culture),
            ["staticTabs[0].name"] = AppPackageText.Get("Tab_Plan", culture),
            ["staticTabs[1].name"] = AppPackageText.Get("Tab_Mine", culture),
        };
        var lists = ManifestCommands.For(culture);
        for (var l = 0; l < lists.Count; l++)
        {
            for (var c = 0; c < lists[l].Commands.Count; c++)
            {
                file[$"bots[0].commandLists[{l}].commands[{c}].title"] = lists[l].Commands[c].Title;
                file[$"bots[0].commandLists[{l}].commands[{c}].description"] = lists[l].Commands[c].Description;
            }
        }
        return file;
    }

    public static string LanguageFile(string language) => $"{language}.json";

    /// <summary>The package's files by name, as they go into the zip.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files(TeamsAppSettings app)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["manifest.json"] = JsonSerializer.SerializeToUtf8Bytes(Manifest(app), Indented),
            [ColorIcon] = Icon(ColorIcon),
            [OutlineIcon] = Icon(OutlineIcon),
        };
        foreach (var language in Languages)
            files[LanguageFile(language)] = JsonSerializer.SerializeToUtf8Bytes(Localization(app, language), Indented);
        return files;
    }

    /// <summary>Writes the zip Teams takes: every file at the root, no folders.</summary>
    public static async Task WriteAsync(TeamsAppSettings app, Stream destination, CancellationToken ct)
    {
        await using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, content) in Files(app))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            await using var stream = await entry.OpenAsync(ct);
            await stream.WriteAsync(content, ct);
        }
    }

    private static string ShortName(TeamsAppSettings app, CultureInfo culture) => app.Name ?? AppPackageText.Get("Name_Short", culture);

    /// <summary>The icons are embedded in the app (rendered once from Icons/*.svg), so a package needs nothing on disk.</summary>
    private static byte[] Icon(string name)
    {
        using var stream = typeof(AppManifest).Assembly.GetManifestResourceStream($"AppPackage.{name}")
                           ?? throw new InvalidOperationException($"The icon {name} is not embedded in the app.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
