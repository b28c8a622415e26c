using System.Net;
using System.Net.Sockets;
using CommPlan.Host.Settings;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CommPlan.Host.Tests.Hosting;

/// <summary>A setting the app cannot work with stops the start with the setting's name and the reason.</summary>
public sealed class StartupSettingsTests
{
    private const string Bot = "Bot:AppId=28:bot|Bot:AppPassword=secret|Bot:TenantId=9f1d4c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f";
    private const string SharePoint = "SharePoint:SiteId=contoso.sharepoint.com,1,2|SharePoint:TenantId=t|SharePoint:ClientId=c|SharePoint:ClientSecret=s|SharePoint:Organisation=Piteå kommun";

    /// <summary>Settings as "Key=Value|Key=Value" (so that every case is its own test), the setting named, and the reason given.</summary>
    public static TheoryData<string, string, string> Refused => new()
    {
        // Where the app listens, and where its links point.
        { "urls=ftp://localhost:5000", "Setting urls (ASPNETCORE_URLS, --urls)", "must list http:// or https:// addresses" },
        { "http_ports=eighty", "Setting http_ports (ASPNETCORE_HTTP_PORTS)", "must list port numbers from 1 to 65535" },
        { "https_ports=70000", "Setting https_ports (ASPNETCORE_HTTPS_PORTS)", "must list port numbers from 1 to 65535" },
        { "Kestrel:Endpoints:Http:Url=localhost", "Setting Kestrel:Endpoints:Http:Url", "must be an http:// or https:// address with a port" },
        { "PublicUrl=plan.kommun.se", "Setting PublicUrl", "must be an absolute http(s) address" },
        { "ForwardedHeaders:KnownProxies:0=the-proxy", "Setting ForwardedHeaders:KnownProxies:0", "must be an IP address" },
        { "ForwardedHeaders:KnownNetworks:0=10.0.0.0/99", "Setting ForwardedHeaders:KnownNetworks:0", "must be a network in CIDR notation" },
        { "ForwardedHeaders:ForwardLimit=0", "Setting ForwardedHeaders:ForwardLimit", "must be at least 1 (was 0)" },
        { "ForwardedHeaders:TrustAllProxies=yes", "Setting ForwardedHeaders:TrustAllProxies", "must be true or false (was 'yes')" },
        // Organisation and storage.
        { "Organisation:Country=Denmark", "Setting Organisation:Country", "must be one of Sweden, Norway" },
        { "Organisation:TimeZone=Europe/Atlantis", "Setting Organisation:TimeZone", "must be an IANA time zone id" },
        { "Storage:State=Oracle", "Setting Storage:State", "must be Sqlite (the embedded default) or Postgres" },
        { "Storage:State=Postgres", "Setting ConnectionStrings:CommPlanState", "must be a PostgreSQL connection string when Storage:State is Postgres" },
        { "Storage:State=Postgres|ConnectionStrings:CommPlanState=Host=db;Bogus=1", "Setting ConnectionStrings:CommPlanState", "must be a PostgreSQL connection string (Host=…" },
        { "Storage:State=Postgres|ConnectionStrings:CommPlanState=Host=db|Storage:ClaimLease=00:00:10", "Setting Storage:ClaimLease", "must be longer than Bot:Outbox:RequestTimeout" },
        { "Bot:Outbox:Instances=0", "Setting Bot:Outbox:Instances", "must be at least 1 (was 0)" },
        { "Organisation:ExtraDaysOff:0=Caturday", "Setting Organisation:ExtraDaysOff", "must be one of" },
        { "Organisation:WorkingDays:0=Monday|Organisation:WorkingDays:1=Caturday", "Setting Organisation:WorkingDays", "must be one of Sunday, Monday" },
        { "Organisation:WorkingDays=", "Setting Organisation:WorkingDays", "must list at least one weekday" },
        { "Organisation:ObservePublicHolidays=sometimes", "Setting Organisation:ObservePublicHolidays", "must be true or false (was 'sometimes')" },
        { "Storage:DatabasePath= ", "Setting Storage:DatabasePath", "must be a file path" },
        { "Storage:DatabasePath={temp}", "Setting Storage:DatabasePath", "must be a file path, not a folder" },
        { "Storage:DocumentsFolder={file}", "Setting Storage:DocumentsFolder", "must be a folder path, not a file" },
        // SharePoint.
        { "SharePoint:ClientId=c", "Setting SharePoint:SiteId or SharePoint:SiteUrl", "must be set when SharePoint:ClientId is" },
        { SharePoint + "|SharePoint:ClientId=", "Setting SharePoint:ClientId", "must be set when SharePoint storage is configured" },
        { SharePoint + "|SharePoint:TenantId=", "Setting SharePoint:TenantId", "must be set when SharePoint storage is configured" },
        { SharePoint + "|SharePoint:ClientSecret=", "Setting SharePoint:ClientSecret, SharePoint:ClientCertificatePath or SharePoint:ClientCertificateThumbprint", "must be set" },
        { SharePoint + "|SharePoint:ClientCertificateThumbprint=AB", "SharePoint:ClientSecret and SharePoint:ClientCertificateThumbprint", "keep one" },
        { SharePoint + "|SharePoint:Authority=http://login.example/t", "Setting SharePoint:Authority", "must be an https URL ending in the tenant" },
        { SharePoint + "|SharePoint:Organisation=", "Setting SharePoint:Organisation", "must be set" },
        { SharePoint + "|SharePoint:SiteUrl=http://contoso.sharepoint.com/sites/x", "Setting SharePoint:SiteUrl", "must be the site's https address" },
        { SharePoint + "|SharePoint:GraphBaseUrl=graph", "Setting SharePoint:GraphBaseUrl", "must be an absolute URL" },
        { SharePoint + "|SharePoint:Scope=", "Setting SharePoint:Scope", "must be set" },
        { SharePoint + "|SharePoint:ActivitiesList=", "Setting SharePoint:ActivitiesList", "must name the list" },
        { SharePoint + "|SharePoint:PlansList=", "Setting SharePoint:PlansList", "must name the list" },
        { SharePoint + "|SharePoint:Libraries:plans=", "Setting SharePoint:Libraries:plans", "must name a document library" },
        { SharePoint + "|SharePoint:MaxRetries=11", "Setting SharePoint:MaxRetries", "must be from 0 to 10 (was '11')" },
        { SharePoint + "|SharePoint:MaxRetries=many", "Setting SharePoint:MaxRetries", "must be a whole number (was 'many')" },
        { SharePoint + "|SharePoint:InteractiveMaxWait=-00:00:01", "Setting SharePoint:InteractiveMaxWait", "must not be negative" },
        { SharePoint + "|SharePoint:BulkMaxWait=00:00:01", "Setting SharePoint:BulkMaxWait", "must be at least SharePoint:InteractiveMaxWait" },
        { SharePoint + "|SharePoint:SiteTimeZone=Stockholm", "Setting SharePoint:SiteTimeZone", "must be an IANA time zone id" },
        { SharePoint + "|SharePoint:ClientSecret=|SharePoint:ClientCertificatePath=/nowhere/app.pfx", "SharePoint:ClientCertificatePath", "there is no file" },
        // Sign-in.
        { "AzureAd:TenantId=t", "Setting AzureAd:ClientId", "must be set when AzureAd:TenantId is" },
        { "AzureAd:ClientId=c|AzureAd:TenantId=t|AzureAd:Instance=http://login.microsoftonline.com/", "Setting AzureAd:Instance", "must be an https address" },
        { "AzureAd:ClientId=c|AzureAd:TenantId=t|AzureAd:Audience=my api", "Setting AzureAd:Audience", "must be the Application ID URI" },
        { "SignIn:SessionLifetime=00:01:00", "Setting SignIn:SessionLifetime", "must be between 00:05:00 and 12:00:00 (was 00:01:00)" },
        { "SignIn:SessionLifetime=1.00:00:00", "Setting SignIn:SessionLifetime", "must be between 00:05:00 and 12:00:00" },
        { "SignIn:SessionLifetime=an hour", "Setting SignIn:SessionLifetime", "(was 'an hour')" },
        { "DevIdentity:ObjectId=anna", "Setting DevIdentity:ObjectId", "must be a GUID (was 'anna')" },
        // The bot.
        { Bot + "|Bot:OpenIdMetadataUrl=http://login.botframework.com/v1/.well-known/openidconfiguration", "Setting Bot:OpenIdMetadataUrl", "must be an https address" },
        { "Bot:OpenIdMetadataUrl=openid", "Setting Bot:OpenIdMetadataUrl", "must be an absolute https address" },
        { "Bot:Issuer= ", "Setting Bot:Issuer", "must be set" },
        { "Bot:ClockSkew=-00:01:00", "Setting Bot:ClockSkew", "must be between 00:00:00 and 01:00:00" },
        { "Bot:KeyRefreshInterval=00:00:01", "Setting Bot:KeyRefreshInterval", "must be at least 00:05:00" },
        { "Bot:RequireHttpsMetadata=maybe", "Setting Bot:RequireHttpsMetadata", "must be true or false" },
        { "Bot:AppId=28:bot|Bot:TenantId=t", "Setting Bot:AppPassword, Bot:AppCertificatePath or Bot:AppCertificateThumbprint", "must be set when Bot:AppId is" },
        { "Bot:AppId=28:bot|Bot:AppPassword=secret", "Setting Bot:TenantId", "must be set when Bot:AppId is" },
        { "Bot:AppPassword=secret", "Setting Bot:AppId", "must be set when Bot:AppPassword is" },
        { Bot + "|Bot:AppCertificateThumbprint=AB", "Bot:AppPassword and Bot:AppCertificateThumbprint", "keep one" },
        { Bot + "|Bot:Authority=http://login.example/t", "Setting Bot:Authority", "must be an https address ending in the tenant" },
        { Bot + "|Bot:AppPassword=|Bot:AppCertificatePath=/nowhere/bot.pfx", "Bot:AppCertificatePath", "there is no file" },
        // Every outbox setting.
        { "Bot:Outbox:MaxParallelSends=0", "Setting Bot:Outbox:MaxParallelSends", "must be at least 1 (was 0)" },
        { "Bot:Outbox:MaxParallelSends=many", "Setting Bot:Outbox:MaxParallelSends", "must be a whole number (was 'many')" },
        { "Bot:Outbox:GiveUpAfter=00:00:00", "Setting Bot:Outbox:GiveUpAfter", "must be a positive duration (was 00:00:00)" },
        { "Bot:Outbox:MinBackoff=-00:00:01", "Setting Bot:Outbox:MinBackoff", "must be a positive duration (was -00:00:01)" },
        { "Bot:Outbox:MinBackoff=soon", "Setting Bot:Outbox:MinBackoff", "must be a duration such as 00:00:30" },
        { "Bot:Outbox:MaxBackoff=00:00:00.500", "Setting Bot:Outbox:MaxBackoff", "must be at least Bot:Outbox:MinBackoff" },
        { "Bot:Outbox:RequestTimeout=00:00:00", "Setting Bot:Outbox:RequestTimeout", "must be a positive duration" },
        { "Bot:Outbox:RequestTimeout=01:00:00", "Setting Bot:Outbox:RequestTimeout", "must be at most 00:10:00" },
        { "Bot:Outbox:BatchSize=0", "Setting Bot:Outbox:BatchSize", "must be at least 1" },
        { "Bot:Outbox:ThrottledConversationsForPause=0", "Setting Bot:Outbox:ThrottledConversationsForPause", "must be at least 1" },
        { "Bot:Outbox:AppThrottledPause=00:00:00", "Setting Bot:Outbox:AppThrottledPause", "must be a positive duration" },
        { "Bot:Outbox:SafetyMargin=-00:00:00.100", "Setting Bot:Outbox:SafetyMargin", "must not be negative" },
        { "Bot:Outbox:AppPerSecond=0", "Setting Bot:Outbox:AppPerSecond", "must be from 1 to 50 (the documented Teams limit) (was 0)" },
        { "Bot:Outbox:AppPerSecond=223", "Setting Bot:Outbox:AppPerSecond", "must be from 1 to 50" },
        { "Bot:Outbox:ConversationPerSecond=0", "Setting Bot:Outbox:ConversationPerSecond", "must be from 1 to 7" },
        { "Bot:Outbox:ConversationPer2Seconds=9", "Setting Bot:Outbox:ConversationPer2Seconds", "must be from 1 to 8" },
        { "Bot:Outbox:ConversationPer30Seconds=0", "Setting Bot:Outbox:ConversationPer30Seconds", "must be from 1 to 60" },
        { "Bot:Outbox:ConversationPerHour=1801", "Setting Bot:Outbox:ConversationPerHour", "must be from 1 to 1800" },
        // Observability.
        { "Logging:Format=xml", "Setting Logging:Format", "must be json or simple (was 'xml')" },
        { "Logging:LogLevel:Default=Loud", "Setting Logging:LogLevel:Default", "must be one of Trace, Debug, Information" },
        { "OTEL_EXPORTER_OTLP_ENDPOINT=localhost:4317", "Setting OTEL_EXPORTER_OTLP_ENDPOINT", "must be an absolute http(s) address" },
        { "OTEL_EXPORTER_OTLP_PROTOCOL=udp", "Setting OTEL_EXPORTER_OTLP_PROTOCOL", "must be grpc or http/protobuf" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_setting_the_app_cannot_work_with_stops_the_start_naming_it_and_why(string settings, string setting, string reason)
    {
        var folder = Directory.CreateTempSubdirectory("commplan-settings-").FullName;
        var file = Path.Combine(folder, "a-file");
        await File.WriteAllTextAsync(file, "");
        await using var app = new AppFactory(Parse(settings.Replace("{temp}", folder).Replace("{file}", file)));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var refused = FindSettingsError(error);
        Assert.True(refused.Problems.Any(p => p.Contains(setting) && p.Contains(reason)),
            $"Expected '{setting}' with '{reason}' among:\n{string.Join("\n", refused.Problems)}");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_values_in_the_settings_template_are_accepted()
    {
        var template = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot(), "appsettings.template.json")).Build();

        StartupSettings.Check(template);
    }

    [Fact]
    public async Task An_http_OpenID_metadata_address_stops_the_process_with_a_clear_line_and_no_stack_trace()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HostProcess.FreePort()}",
            ["Bot__AppId"] = "28:bot",
            ["Bot__AppPassword"] = "secret",
            ["Bot__TenantId"] = "9f1d4c3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f",
            ["Bot__OpenIdMetadataUrl"] = "http://login.botframework.com/v1/.well-known/openidconfiguration",
        });

        var exit = await host.WaitForExitAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains("CommPlan cannot start:", host.Error);
        Assert.Contains("Setting Bot:OpenIdMetadataUrl must be an https address", host.Error);
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task Several_bad_outbox_settings_are_all_named_when_the_process_refuses_to_start()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HostProcess.FreePort()}",
            ["Bot__Outbox__MaxParallelSends"] = "0",
            ["Bot__Outbox__AppPerSecond"] = "0",
            ["Bot__Outbox__MinBackoff"] = "-00:00:01",
        });

        var exit = await host.WaitForExitAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains("Setting Bot:Outbox:MaxParallelSends must be at least 1 (was 0).", host.Error);
        Assert.Contains("Setting Bot:Outbox:AppPerSecond must be from 1 to 50", host.Error);
        Assert.Contains("Setting Bot:Outbox:MinBackoff must be a positive duration (was -00:00:01).", host.Error);
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task An_address_already_in_use_stops_the_process_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        await using var host = HostProcess.Start(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = url });

        var exit = await host.WaitForExitAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains($"CommPlan cannot start: Failed to bind to address {url}", host.Error);
        // The host's own error log (stdout) keeps the exception for diagnosis; the line for the operator has none.
        Assert.DoesNotContain("   at ", host.Error);
    }

    private static void AssertNoStackTrace(HostProcess host)
    {
        Assert.DoesNotContain("Unhandled exception", host.Error + host.Output);
        Assert.DoesNotContain("   at ", host.Error + host.Output);
    }

    private static InvalidSettingsException FindSettingsError(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is InvalidSettingsException settings) return settings;
        if (error is AggregateException aggregate)
            foreach (var inner in aggregate.Flatten().InnerExceptions)
                if (inner is InvalidSettingsException settings) return settings;
        Assert.Fail($"The start failed, but not with the settings named: {error}");
        throw new InvalidOperationException();
    }

    // A later key replaces an earlier one, so that a case can change one setting of a valid set.
    private static Dictionary<string, string?> Parse(string settings)
    {
        var result = new Dictionary<string, string?>();
        foreach (var pair in settings.Split('|').Select(s => s.Split('=', 2))) result[pair[0]] = pair[1];
        return result;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BotApp.sln"))) return dir.FullName;
        throw new InvalidOperationException("BotApp.sln not found above " + AppContext.BaseDirectory);
    }
}
