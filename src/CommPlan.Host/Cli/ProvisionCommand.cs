using CommPlan.Host.Extensions;
using CommPlan.Storage.SharePoint;

namespace CommPlan.Host.Cli;

/// <summary>
/// `provision`: creates or upgrades the app's lists, columns, indexes and libraries on the configured SharePoint
/// site, prints what it changed and exits. Safe to run again: a second run changes nothing, and a run that was
/// interrupted is finished by the next.
/// </summary>
public static class ProvisionCommand
{
    public const string Verb = "provision";

    /// <returns>0 when the site is up to date; 1 when some change failed; 2 when SharePoint is not configured.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = StorageExtensions.SharePointSettings(builder.Configuration);
        if (!options.IsConfigured)
        {
            await error.WriteLineAsync("SharePoint is not configured: set SharePoint:SiteId or SharePoint:SiteUrl, with the app registration's " +
                "SharePoint:TenantId, SharePoint:ClientId and a credential: SharePoint:ClientCertificatePath, SharePoint:ClientCertificateThumbprint or SharePoint:ClientSecret (see appsettings.template.json).");
            return 2;
        }
        try
        {
            builder.AddStorage();
            configure?.Invoke(builder.Services);
            await using var app = builder.Build();
            await using var scope = app.Services.CreateAsyncScope();
            await output.WriteLineAsync($"Provisioning SharePoint site {options.SiteId ?? options.SiteUrl} through {options.GraphBaseUrl} ...");
            var report = await scope.ServiceProvider.GetRequiredService<Provisioner>().ProvisionAsync(CancellationToken.None);
            foreach (var change in report.Changes) await output.WriteLineAsync("  " + change);
            foreach (var found in report.AlreadyThere) await output.WriteLineAsync("  " + found);
            foreach (var failure in report.Failures) await error.WriteLineAsync("  " + failure);
            if (!report.Succeeded)
            {
                await error.WriteLineAsync($"{report.Failures.Count} change(s) failed; run provision again to finish (it resumes where it stopped).");
                return 1;
            }
            await output.WriteLineAsync(report.Changes.Count == 0 ? "The site is up to date; nothing changed." : $"Done: {report.Changes.Count} change(s).");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or Microsoft.Kiota.Abstractions.ApiException
                                       or CommPlan.Application.DependencyUnavailableException)
        {
            await error.WriteLineAsync("Provisioning failed: " + e.Message);
            return 1;
        }
    }
}
