using CommPlan.Application.Access;
using CommPlan.Application.Notifications;
using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CommPlan.Storage.SharePoint;

public static class SharePointStorage
{
    /// <summary>
    /// Puts plans, activities and documents on the configured SharePoint site. Call after the embedded storage: the
    /// app's own data (conversations, outbox, the lists' cache) stays in its database.
    /// </summary>
    public static IServiceCollection AddSharePointStorage(this IServiceCollection services, SharePointOptions options)
    {
        // Loaded here, so that a certificate that cannot be used stops the start.
        var credential = options.LoadCredential(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(credential);
        services.TryAddSingleton(TimeProvider.System);
        // The token credential keeps one client for the process, so its handler renews connections itself (DNS changes).
        services.AddHttpClient(GraphTokenProvider.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<GraphOutage>();
        services.AddSingleton<IAccessTokenProvider, GraphTokenProvider>();
        // One throttling window per process: every request of this app instance spends the same SharePoint budget.
        services.AddSingleton<SharePointThrottle>();
        // A GraphTransport registered by the caller (tests: a handler pinned to a loopback server) carries the requests.
        services.AddSingleton(sp => GraphClients.Create(options, sp.GetRequiredService<IAccessTokenProvider>(), sp.GetRequiredService<SharePointThrottle>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<GraphTransport>(), sp.GetRequiredService<GraphOutage>()));
        services.AddSingleton(sp => new GraphCalls(sp.GetRequiredService<GraphServiceClient>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SharePointThrottle>()));
        services.AddSingleton<SharePointSite>();
        services.AddSingleton<SiteUsers>();
        services.AddSingleton(new ActivityFields(TimeZoneInfo.FindSystemTimeZoneById(options.SiteTimeZone)));
        services.AddScoped<ListSync>();
        services.AddScoped<Provisioner>();
        services.AddSingleton<IGroupMembership, GraphGroupMembership>();
        services.AddSingleton<IGroupMembers, GraphGroupMembers>();
        services.Replace(ServiceDescriptor.Singleton<IPeopleDirectory, GraphPeopleDirectory>());
        services.AddSingleton<IAppInstaller, GraphAppInstaller>();
        services.AddScoped<IPlanStore, SharePointPlanStore>();
        services.AddScoped<IActivityStore, SharePointActivityStore>();
        services.AddScoped<IActivityHistoryStore, SharePointActivityHistoryStore>();
        services.AddScoped<IDocumentStore, SharePointDocumentStore>();
        services.AddScoped<IPressReleaseStore, SharePointPressReleaseStore>();
        return services;
    }
}
