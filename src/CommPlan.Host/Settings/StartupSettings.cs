using System.Net;
using CommPlan.Host.Bot;
using CommPlan.Host.Outbox;
using CommPlan.Host.Extensions;
using CommPlan.Host.Identity;
using CommPlan.Storage.SharePoint;
using CommPlan.Teams.Authentication;
using CommPlan.Teams.Connector;

namespace CommPlan.Host.Settings;

/// <summary>
/// Every setting the app reads, checked before anything is built from it: a setting the app cannot work with stops
/// the start with its name and the reason, instead of failing request after request later.
/// </summary>
public static class StartupSettings
{
    public static void Check(IConfiguration configuration)
    {
        var problems = new SettingProblems();
        Hosting(configuration, problems);
        Organisation(configuration, problems);
        Storage(configuration, problems);
        Features.SharedState.StateStorage.Check(configuration, problems);
        SharePoint(configuration, problems);
        Entra(configuration, problems);
        SignIn(configuration, problems);
        Bot(configuration, problems);
        Outbox(configuration, problems);
        Observability(configuration, problems);
        problems.ThrowIfAny();
    }

    private static void Hosting(IConfiguration configuration, SettingProblems problems)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { } urls && !string.IsNullOrWhiteSpace(urls))
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!IsBindingAddress(url))
                    problems.Add("urls (ASPNETCORE_URLS, --urls)", "must list http:// or https:// addresses with a port, separated by ';', e.g. http://+:8080", SettingProblems.Quote(url));
        }
        foreach (var (key, name) in new (string, string)[] { (WebHostDefaults.HttpPortsKey, "ASPNETCORE_HTTP_PORTS"), (WebHostDefaults.HttpsPortsKey, "ASPNETCORE_HTTPS_PORTS") })
        {
            if (configuration[key] is not { } ports || string.IsNullOrWhiteSpace(ports)) continue;
            if (ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(p => !int.TryParse(p, out var port) || port is < 1 or > 65535))
                problems.Add($"{key} ({name})", "must list port numbers from 1 to 65535, separated by ';'", SettingProblems.Quote(ports));
        }
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            var url = endpoint["Url"];
            if (string.IsNullOrWhiteSpace(url) || !IsBindingAddress(url))
                problems.Add($"Kestrel:Endpoints:{endpoint.Key}:Url", "must be an http:// or https:// address with a port, e.g. http://0.0.0.0:8080", url is null ? null : SettingProblems.Quote(url));
        }

        if (configuration["PublicUrl"] is { } publicUrl && !string.IsNullOrWhiteSpace(publicUrl)
            && (!Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            problems.Add("PublicUrl", "must be an absolute http(s) address, e.g. https://plan.kommun.se", SettingProblems.Quote(publicUrl));

        const string fh = ForwardedHeadersSettings.Section;
        var forwarded = SettingBinder.Bind<ForwardedHeadersSettings>(configuration, fh, problems);
        for (var i = 0; i < forwarded.KnownProxies.Length; i++)
            if (!IPAddress.TryParse(forwarded.KnownProxies[i].Trim(), out _))
                problems.Add($"{fh}:KnownProxies:{i}", "must be an IP address, e.g. 10.0.0.4", SettingProblems.Quote(forwarded.KnownProxies[i]));
        for (var i = 0; i < forwarded.KnownNetworks.Length; i++)
            if (!System.Net.IPNetwork.TryParse(forwarded.KnownNetworks[i].Trim(), out _))
                problems.Add($"{fh}:KnownNetworks:{i}", "must be a network in CIDR notation, e.g. 10.0.0.0/16", SettingProblems.Quote(forwarded.KnownNetworks[i]));
        if (forwarded.ForwardLimit < 1)
            problems.Add($"{fh}:ForwardLimit", "must be at least 1", SettingProblems.Show(forwarded.ForwardLimit));
    }

    private static bool IsBindingAddress(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.Scheme is "http" or "https" && (address.IsUnixPipe || address.Port is >= 0 and <= 65535) && address.Host.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void Organisation(IConfiguration configuration, SettingProblems problems)
    {
        var organisation = SettingBinder.Bind<OrganisationOptions>(configuration, "Organisation", problems);
        if (!string.IsNullOrWhiteSpace(organisation.TimeZone) && !IsTimeZone(organisation.TimeZone))
            problems.Add("Organisation:TimeZone", "must be an IANA time zone id such as Europe/Stockholm", SettingProblems.Quote(organisation.TimeZone));
        // Bound from a list, an empty value is an element with no day: every weekday off would leave no day to remind on.
        if (configuration.GetSection("Organisation:WorkingDays") is var workingDays && workingDays.Exists()
            && !workingDays.GetChildren().Any(d => !string.IsNullOrWhiteSpace(d.Value)))
            problems.Add("Organisation:WorkingDays", "must list at least one weekday, e.g. [ \"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\" ]",
                SettingProblems.Quote(workingDays.Value ?? ""));
    }

    private static void Storage(IConfiguration configuration, SettingProblems problems)
    {
        foreach (var (key, isFolder) in new (string, bool)[] { ("DatabasePath", false), ("DocumentsFolder", true) })
        {
            var value = configuration[$"Storage:{key}"];
            if (value is null) continue;
            var setting = $"Storage:{key}";
            if (string.IsNullOrWhiteSpace(value) || value.Contains('\0'))
                problems.Add(setting, isFolder ? "must be a folder path" : "must be a file path", SettingProblems.Quote(value));
            else if (!isFolder && Directory.Exists(value))
                problems.Add(setting, "must be a file path, not a folder", SettingProblems.Quote(value));
            else if (isFolder && File.Exists(value))
                problems.Add(setting, "must be a folder path, not a file", SettingProblems.Quote(value));
        }
    }

    private static void SharePoint(IConfiguration configuration, SettingProblems problems)
    {
        const string sp = SharePointOptions.Section;
        var before = problems.All.Count;
        var options = SettingBinder.Bind<SharePointOptions>(configuration, sp, problems);
        if (problems.All.Count > before) return;
        if (options.IsConfigured)
        {
            foreach (var problem in options.Problems()) problems.AddSentence(problem);
            return;
        }
        // Half a SharePoint configuration would silently leave everything on the embedded default.
        foreach (var key in (string[])["ClientId", "TenantId", "ClientSecret", "ClientCertificatePath", "ClientCertificateThumbprint"])
            if (!string.IsNullOrWhiteSpace(configuration[$"{sp}:{key}"]))
                problems.Add($"{sp}:SiteId or {sp}:SiteUrl", $"must be set when {sp}:{key} is (or leave {sp}:{key} empty to keep plans on the embedded default)");
    }

    private static void Entra(IConfiguration configuration, SettingProblems problems)
    {
        const string ad = HostingMode.EntraSection;
        var clientId = configuration[$"{ad}:ClientId"];
        var tenantId = configuration[$"{ad}:TenantId"];
        if (string.IsNullOrWhiteSpace(clientId) != string.IsNullOrWhiteSpace(tenantId))
        {
            var (missing, given) = string.IsNullOrWhiteSpace(clientId) ? ("ClientId", "TenantId") : ("TenantId", "ClientId");
            problems.Add($"{ad}:{missing}", $"must be set when {ad}:{given} is (set both to sign people in with Entra ID, or neither to run on the embedded default)");
        }
        if (configuration[$"{ad}:Instance"] is { } instance && !string.IsNullOrWhiteSpace(instance) && !IsHttps(instance))
            problems.Add($"{ad}:Instance", "must be an https address, e.g. https://login.microsoftonline.com/", SettingProblems.Quote(instance));
        if (configuration[$"{ad}:Audience"] is { } audience && !string.IsNullOrWhiteSpace(audience) && !Uri.TryCreate(audience, UriKind.Absolute, out _)
            && !Guid.TryParse(audience, out _))
            problems.Add($"{ad}:Audience", "must be the Application ID URI (api://<host>/<ClientId>) or the client id", SettingProblems.Quote(audience));
        SettingBinder.Bind<DevIdentityOptions>(configuration, "DevIdentity", problems);
    }

    private static void SignIn(IConfiguration configuration, SettingProblems problems)
    {
        const string section = Features.SignIn.SignInOptions.Section;
        var before = problems.All.Count;
        var options = SettingBinder.Bind<Features.SignIn.SignInOptions>(configuration, section, problems);
        if (problems.All.Count > before) return;
        if (options.SessionLifetime < Features.SignIn.SignInOptions.MinSessionLifetime || options.SessionLifetime > Features.SignIn.SignInOptions.MaxSessionLifetime)
            problems.Add($"{section}:SessionLifetime", "must be between 00:05:00 and 12:00:00", SettingProblems.Show(options.SessionLifetime));
    }

    private static void Bot(IConfiguration configuration, SettingProblems problems)
    {
        const string bot = BotExtensions.Section;
        var auth = SettingBinder.Bind<BotAuthenticationOptions>(configuration, bot, problems);
        var connector = BotOutboxExtensions.ConnectorSettings(configuration.GetSection(bot));
        var credential = connector.CredentialSettings();
        if (connector.SendsTokens)
        {
            if (credential.Missing is { } missing)
                problems.Add(missing, $"must be set when {bot}:AppId is: the bot's app registration needs a credential");
            if (connector.TenantId is null && !connector.HasCustomAuthority)
                problems.Add($"{bot}:TenantId", $"must be set when {bot}:AppId is: a single-tenant bot gets its tokens from its tenant");
        }
        else
        {
            foreach (var key in (string[])["AppPassword", "AppCertificatePath", "AppCertificateThumbprint"])
                if (!string.IsNullOrWhiteSpace(configuration[$"{bot}:{key}"]))
                    problems.Add($"{bot}:AppId", $"must be set when {bot}:{key} is: without it the bot runs without tokens, for local clients only");
        }
        if (credential.Conflict is { } conflict) problems.AddSentence("Setting " + conflict);
        if (connector.Authority is { } authority && !IsAuthority(authority))
            problems.Add($"{bot}:Authority", "must be an https address ending in the tenant, e.g. https://login.microsoftonline.us/{tenant}", SettingProblems.Quote(authority));

        if (!Uri.TryCreate(auth.OpenIdMetadataUrl, UriKind.Absolute, out var metadata) || metadata.Scheme is not ("https" or "http"))
            problems.Add($"{bot}:OpenIdMetadataUrl", "must be an absolute https address", SettingProblems.Quote(auth.OpenIdMetadataUrl));
        else if (metadata.Scheme != "https" && auth.RequireHttpsMetadata)
            problems.Add($"{bot}:OpenIdMetadataUrl", "must be an https address: the keys that sign the Bot Framework's tokens are only fetched over https", SettingProblems.Quote(auth.OpenIdMetadataUrl));
        if (string.IsNullOrWhiteSpace(auth.Issuer))
            problems.Add($"{bot}:Issuer", "must be set, e.g. https://api.botframework.com", SettingProblems.Quote(auth.Issuer));
        if (auth.ClockSkew < TimeSpan.Zero || auth.ClockSkew > TimeSpan.FromHours(1))
            problems.Add($"{bot}:ClockSkew", "must be between 00:00:00 and 01:00:00", SettingProblems.Show(auth.ClockSkew));
        var budget = SettingBinder.Bind<TurnBudget>(configuration, bot, problems);
        // Teams waits about 15 s for the whole turn.
        if (budget.TurnConnectorBudget <= TimeSpan.Zero || budget.TurnConnectorBudget > TimeSpan.FromSeconds(10))
            problems.Add($"{bot}:{TurnBudget.Setting}", "must be between 00:00:00.001 and 00:00:10", SettingProblems.Show(budget.TurnConnectorBudget));
        if (auth.KeyRefreshInterval < TimeSpan.FromMinutes(5))
            problems.Add($"{bot}:KeyRefreshInterval", "must be at least 00:05:00", SettingProblems.Show(auth.KeyRefreshInterval));
    }

    private static void Outbox(IConfiguration configuration, SettingProblems problems)
    {
        const string path = BotOutboxExtensions.OutboxSection;
        var before = problems.All.Count;
        var o = SettingBinder.Bind<OutboxOptions>(configuration, path, problems);
        if (problems.All.Count > before) return;
        var defaults = new OutboxOptions();

        void AtLeast(string name, int value, int min)
        {
            if (value < min) problems.Add($"{path}:{name}", $"must be at least {min}", SettingProblems.Show(value));
        }
        // Above the documented Teams limit, Teams answers 429 and the app ends up slower, not faster.
        void Limit(string name, int value, int teamsLimit)
        {
            if (value < 1 || value > teamsLimit)
                problems.Add($"{path}:{name}", $"must be from 1 to {teamsLimit} (the documented Teams limit)", SettingProblems.Show(value));
        }
        void Positive(string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero) problems.Add($"{path}:{name}", "must be a positive duration", SettingProblems.Show(value));
        }

        AtLeast(nameof(o.MaxParallelSends), o.MaxParallelSends, 1);
        AtLeast(nameof(o.BatchSize), o.BatchSize, 1);
        AtLeast(nameof(o.Instances), o.Instances, 1);
        AtLeast(nameof(o.ThrottledConversationsForPause), o.ThrottledConversationsForPause, 1);
        Positive(nameof(o.GiveUpAfter), o.GiveUpAfter);
        if (o.GiveUpAfter > TimeSpan.FromDays(30))
            problems.Add($"{path}:GiveUpAfter", "must be at most 30.00:00:00", SettingProblems.Show(o.GiveUpAfter));
        Positive(nameof(o.MinBackoff), o.MinBackoff);
        Positive(nameof(o.MaxBackoff), o.MaxBackoff);
        if (o.MinBackoff > TimeSpan.Zero && o.MaxBackoff < o.MinBackoff)
            problems.Add($"{path}:MaxBackoff", $"must be at least {path}:MinBackoff ({SettingProblems.Show(o.MinBackoff)})", SettingProblems.Show(o.MaxBackoff));
        if (o.MaxBackoff > TimeSpan.FromHours(1))
            problems.Add($"{path}:MaxBackoff", "must be at most 01:00:00", SettingProblems.Show(o.MaxBackoff));
        Positive(nameof(o.RequestTimeout), o.RequestTimeout);
        if (o.RequestTimeout > TimeSpan.FromMinutes(10))
            problems.Add($"{path}:RequestTimeout", "must be at most 00:10:00", SettingProblems.Show(o.RequestTimeout));
        Positive(nameof(o.AppThrottledPause), o.AppThrottledPause);
        if (o.SafetyMargin < TimeSpan.Zero)
            problems.Add($"{path}:SafetyMargin", "must not be negative", SettingProblems.Show(o.SafetyMargin));
        Limit(nameof(o.AppPerSecond), o.AppPerSecond, defaults.AppPerSecond);
        Limit(nameof(o.ConversationPerSecond), o.ConversationPerSecond, defaults.ConversationPerSecond);
        Limit(nameof(o.ConversationPer2Seconds), o.ConversationPer2Seconds, defaults.ConversationPer2Seconds);
        Limit(nameof(o.ConversationPer30Seconds), o.ConversationPer30Seconds, defaults.ConversationPer30Seconds);
        Limit(nameof(o.ConversationPerHour), o.ConversationPerHour, defaults.ConversationPerHour);
    }

    private static void Observability(IConfiguration configuration, SettingProblems problems)
    {
        if (configuration["Logging:Format"] is { } format && !string.IsNullOrWhiteSpace(format)
            && !format.Equals("json", StringComparison.OrdinalIgnoreCase) && !format.Equals("simple", StringComparison.OrdinalIgnoreCase))
            problems.Add("Logging:Format", "must be json or simple", SettingProblems.Quote(format));
        foreach (var level in LogLevels(configuration.GetSection("Logging")))
            if (!Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(level.Value, out _))
                problems.Add(level.Path, "must be one of Trace, Debug, Information, Warning, Error, Critical, None", SettingProblems.Quote(level.Value));
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { } endpoint && !string.IsNullOrWhiteSpace(endpoint)
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            problems.Add("OTEL_EXPORTER_OTLP_ENDPOINT", "must be an absolute http(s) address, e.g. http://localhost:4317", SettingProblems.Quote(endpoint));
        if (configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is { } protocol && !string.IsNullOrWhiteSpace(protocol) && protocol is not ("grpc" or "http/protobuf"))
            problems.Add("OTEL_EXPORTER_OTLP_PROTOCOL", "must be grpc or http/protobuf", SettingProblems.Quote(protocol));
    }

    // Logging:LogLevel:* and each provider's Logging:{Provider}:LogLevel:*.
    private static IEnumerable<IConfigurationSection> LogLevels(IConfigurationSection logging) =>
        logging.GetSection("LogLevel").GetChildren()
            .Concat(logging.GetChildren().SelectMany(provider => provider.GetSection("LogLevel").GetChildren()))
            .Where(s => s.Value is not null);

    private static bool IsHttps(string value) => Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsAuthority(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
        && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length > 0;

    public static bool IsTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _);
}
