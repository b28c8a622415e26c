using System.Reflection;
using System.Text.RegularExpressions;
using CommPlan.Host.Settings;

namespace CommPlan.Host.Features.AppPackage;

/// <summary>
/// What the Teams app package is built from: the Teams app's and the bot's ids, the public address, the Entra ID app
/// that signs users in (SSO), the developer's name and the organisation's language. Read from the same settings the
/// app runs with, so the package always describes the installation it is built for.
/// </summary>
public sealed partial record TeamsAppSettings(
    Guid AppId,
    Guid BotId,
    string Version,
    string DeveloperName,
    string? Name,
    Uri PublicUrl,
    Guid ClientId,
    string Resource,
    string DefaultLanguage)
{
    public const string Section = "TeamsApp";

    /// <summary>The host name Teams loads the tabs from (validDomains).</summary>
    public string Host => PublicUrl.IdnHost;

    /// <summary>An address under PublicUrl, which may carry a path of its own (an app behind a path on a shared host).</summary>
    public string Url(string path) => PublicUrl.AbsoluteUri.TrimEnd('/') + path;

    /// <summary>The settings, or null with every problem added to <paramref name="problems"/>.</summary>
    public static TeamsAppSettings? Read(IConfiguration configuration, SettingProblems problems)
    {
        var botId = RequiredGuid(configuration, "Bot:AppId", "the bot's Microsoft app id", problems);
        var clientId = RequiredGuid(configuration, "AzureAd:ClientId", "the client id of the Entra ID app that signs users in to the tab (SSO)", problems);

        Guid? appId = botId;
        if (Value(configuration, $"{Section}:Id") is { } id)
        {
            appId = Guid.TryParse(id, out var parsed) ? parsed : null;
            if (appId is null) problems.Add($"{Section}:Id", "must be a GUID (the Teams app's id; left empty it is Bot:AppId)", SettingProblems.Quote(id));
        }

        Uri? publicUrl = null;
        var url = Value(configuration, "PublicUrl");
        if (url is null)
            problems.Add("PublicUrl", "is needed for the app package: the https address Teams opens the tabs at, e.g. https://plan.kommun.se");
        else if (!Uri.TryCreate(url, UriKind.Absolute, out publicUrl) || publicUrl.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add("PublicUrl", "must be an https address for the app package: Teams loads tabs over https only", SettingProblems.Quote(url));
            publicUrl = null;
        }

        var version = Value(configuration, $"{Section}:Version") ?? AssemblyVersion();
        if (!SemVer().IsMatch(version))
            problems.Add($"{Section}:Version", "must be a version of three numbers, e.g. 1.2.0 (raise it with every package you upload)", SettingProblems.Quote(version));

        var developer = Value(configuration, $"{Section}:DeveloperName") ?? Value(configuration, "SharePoint:Organisation");
        if (developer is null)
            problems.Add($"{Section}:DeveloperName", "is needed for the app package: your organisation's name as Teams shows it (or set SharePoint:Organisation)");
        else if (developer.Length > 32)
            problems.Add($"{Section}:DeveloperName", "must be at most 32 characters", SettingProblems.Quote(developer));

        var name = Value(configuration, $"{Section}:Name");
        if (name is { Length: > 30 }) problems.Add($"{Section}:Name", "must be at most 30 characters", SettingProblems.Quote(name));

        if (appId is not { } app || botId is not { } bot || clientId is not { } client || publicUrl is null || developer is null || problems.All.Count > 0)
            return null;
        var resource = Value(configuration, "AzureAd:Audience") ?? $"api://{publicUrl.IdnHost}/{client}";
        var language = string.Equals(configuration["Organisation:Country"], "Norway", StringComparison.OrdinalIgnoreCase) ? "nb" : "sv";
        return new TeamsAppSettings(app, bot, version, developer, name, publicUrl, client, resource, language);
    }

    private static Guid? RequiredGuid(IConfiguration configuration, string setting, string what, SettingProblems problems)
    {
        var value = Value(configuration, setting);
        if (value is null)
        {
            problems.Add(setting, $"is needed for the app package: {what}");
            return null;
        }
        if (Guid.TryParse(value, out var id)) return id;
        problems.Add(setting, $"must be a GUID: {what}", SettingProblems.Quote(value));
        return null;
    }

    private static string? Value(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();

    private static string AssemblyVersion()
    {
        var v = typeof(TeamsAppSettings).Assembly.GetName().Version ?? new Version(1, 0, 0);
        return $"{v.Major}.{v.Minor}.{Math.Max(v.Build, 0)}";
    }

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial Regex SemVer();
}
