using CommPlan.Application.Storage;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;

namespace CommPlan.Host.Outbox;

/// <summary>
/// Opens a person's 1:1 chat with the app from the app's side: <c>POST /v3/conversations</c> with the person's Entra
/// object id (Teams answers the chat's id, the same one each time for the same person) and records it, so the
/// outbox can send to it. Used after the app installed itself for someone, and when Teams says a chat is gone.
/// </summary>
public sealed class PersonalChats(IConversationStore conversations, ConnectorClient connector, ConnectorOptions bot, TimeProvider time)
{
    /// <summary>Where Teams takes proactive messages when the app has no conversation to learn a service URL from.</summary>
    public const string GlobalServiceUrl = "https://smba.trafficmanager.net/teams/";

    /// <summary>Creates (or finds again) the person's chat at the service URL and in the tenant given, and records it as active.</summary>
    public async Task<ConversationRecord> CreateAsync(string userAadObjectId, string serviceUrl, string tenantId, CancellationToken ct)
    {
        var botId = string.IsNullOrWhiteSpace(bot.AppId) ? "" : "28:" + bot.AppId;
        var created = await connector.CreateConversationAsync(new Uri(serviceUrl), new ConversationParameters
        {
            IsGroup = false,
            Bot = botId.Length == 0 ? null : new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userAadObjectId, AadObjectId = userAadObjectId }],
            TenantId = tenantId,
        }, ct);
        if (string.IsNullOrEmpty(created.Id)) throw new InvalidOperationException("Teams created the conversation without answering its id.");
        var record = new ConversationRecord(created.Id, created.ServiceUrl ?? serviceUrl, tenantId, ConversationKind.Personal, botId,
            null, userAadObjectId, null, null, null, ConversationState.Active, null, time.GetUtcNow());
        await conversations.UpsertAsync(record, ct);
        return record;
    }

    /// <summary>
    /// The service URL and tenant to open a chat with: those of a conversation the app has (Teams gives the region's
    /// URL there), else the configured tenant (Bot:TenantId) and Teams' global URL.
    /// </summary>
    public async Task<(string ServiceUrl, string? TenantId)> WhereAsync(string? configuredServiceUrl, CancellationToken ct)
    {
        var known = (await conversations.ListAsync(ConversationState.Active, ct)).FirstOrDefault(c => c.Kind == ConversationKind.Personal)
            ?? (await conversations.ListAsync(null, ct)).FirstOrDefault();
        var serviceUrl = !string.IsNullOrWhiteSpace(configuredServiceUrl) ? configuredServiceUrl : known?.ServiceUrl ?? GlobalServiceUrl;
        var tenant = !string.IsNullOrWhiteSpace(known?.TenantId) ? known.TenantId : bot.TenantId;
        return (serviceUrl, string.IsNullOrWhiteSpace(tenant) ? null : tenant);
    }
}
