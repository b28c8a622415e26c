namespace CommPlan.Host.Extensions;

/// <summary>
/// Which world the host runs in. With no Microsoft 365 settings it runs on the embedded default (SQLite, a local
/// documents folder, the demo plan and a dev sign-in); with an Entra ID app configured it signs people in with
/// Entra ID and never with the dev identity.
/// </summary>
public sealed record HostingMode(bool UsesMicrosoft365, string Reason)
{
    public const string EntraSection = "AzureAd";

    public bool IsEmbeddedDefault => !UsesMicrosoft365;

    public static HostingMode From(IConfiguration configuration)
    {
        var entra = configuration.GetSection(EntraSection);
        var clientId = entra["ClientId"];
        var tenantId = entra["TenantId"];
        if (!string.IsNullOrWhiteSpace(clientId) && !string.IsNullOrWhiteSpace(tenantId))
            return new HostingMode(true, $"Entra ID app {clientId} in tenant {tenantId} is configured ({EntraSection}:ClientId, {EntraSection}:TenantId)");
        if (!string.IsNullOrWhiteSpace(clientId) || !string.IsNullOrWhiteSpace(tenantId))
            throw new Settings.InvalidSettingsException([
                $"Setting {EntraSection}:{(string.IsNullOrWhiteSpace(clientId) ? "ClientId" : "TenantId")} must be set when {EntraSection}:{(string.IsNullOrWhiteSpace(clientId) ? "TenantId" : "ClientId")} is (set both to sign people in with Entra ID, or neither to run on the embedded default)."]);
        return new HostingMode(false, $"no Microsoft 365 settings are configured ({EntraSection}:ClientId and {EntraSection}:TenantId are empty)");
    }
}
