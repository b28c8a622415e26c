using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CommPlan.Application.Notifications;
using CommPlan.Application.Storage;
using CommPlan.Domain.Reminders;
using CommPlan.Host.Bot;
using CommPlan.Host.Outbox;
using CommPlan.Teams.Schema;
using Microsoft.Extensions.Options;

namespace CommPlan.Host.Features.Reminders;

/// <summary>
/// The Teams side of reminders: a person is told in their personal chat with the app, in the chat's language, with
/// one card per day that is updated in place when more falls due the same day. Someone without a chat with the
/// app, or known only by an address, is reported as such rather than dropped. The installer is there only where
/// Microsoft Graph is (the SharePoint storage registers it).
/// </summary>
public sealed class TeamsReminderNotifier(
    IConversationStore conversations, ReminderCards cards, ReminderLineReader lines, IOptions<RequestLocalizationOptions> localization,
    ReminderSchedulerOptions options, PersonalChats chats, ILogger<TeamsReminderNotifier> log, IAppInstaller? installer = null) : IReminderNotifier
{
    public const string CorrelationPrefix = "reminder:";

    public static string CorrelationOf(string digestKey) => CorrelationPrefix + digestKey;

    public async Task<ReminderNotice> ComposeAsync(ReminderDigest digest, IReadOnlyList<ReminderDelivery> earlier, CancellationToken ct)
    {
        if (digest.Recipient.ObjectId is not { } objectId)
            return ReminderNotice.Unreachable(ReminderDeliveryState.Unresolved, "Known only by e-mail address; no Entra account found for it.");
        var conversation = await conversations.FindPersonalAsync(objectId.ToString("D"), ct);
        if (conversation is null && CanInstall(out var graph, out var catalogId))
        {
            var opened = await InstallAsync(graph, catalogId, objectId, ct);
            if (opened.Chat is null) return ReminderNotice.Unreachable(opened.State, opened.Reason!);
            conversation = opened.Chat;
        }
        if (conversation is null)
            return ReminderNotice.Unreachable(ReminderDeliveryState.NotInstalled, "The app is not installed for this person (no personal chat).");
        if (conversation.State != ConversationState.Active)
            return ReminderNotice.Unreachable(ReminderDeliveryState.NotInstalled,
                $"The personal chat is {conversation.State.ToString().ToLowerInvariant()}" + (conversation.StateReason is { } why ? $" ({why})." : "."));

        var culture = BotCulture.From(conversation.Locale, localization.Value.DefaultRequestCulture.UICulture);
        var all = (await lines.ReadAsync(earlier, ct)).Concat(digest.Items.Select(ReminderLineReader.FromDue)).ToArray();
        var payload = JsonSerializer.Serialize(cards.Message(culture, digest.Key, all), ProtocolJson.Options);
        // A card went out for this person today: it is updated to list everything rather than a second card.
        var entry = earlier.Any(e => e.OutboxEntryId is not null)
            ? new NewOutboxEntry(conversation.ConversationId, OutboxOperation.Update, payload, TargetCorrelationKey: CorrelationOf(digest.Key))
            : new NewOutboxEntry(conversation.ConversationId, OutboxOperation.Send, payload, CorrelationKey: CorrelationOf(digest.Key));
        return new ReminderNotice(ReminderDeliveryState.Queued, null, entry, conversation.ConversationId);
    }

    private bool CanInstall([NotNullWhen(true)] out IAppInstaller? graph, out string catalogId)
    {
        graph = installer;
        catalogId = options.TeamsAppCatalogId ?? "";
        return options.InstallForOwners && graph is not null && !string.IsNullOrWhiteSpace(catalogId);
    }

    /// <summary>Installs the app for the person (Graph) and opens the 1:1 chat with them (Connector).</summary>
    private async Task<(ConversationRecord? Chat, ReminderDeliveryState State, string? Reason)> InstallAsync(
        IAppInstaller installer, string catalogId, Guid objectId, CancellationToken ct)
    {
        var installed = await installer.InstallForUserAsync(objectId, catalogId, ct);
        if (installed.Outcome == AppInstallOutcome.UserNotFound) return (null, ReminderDeliveryState.LeftOrganisation, installed.Reason);
        if (installed.Outcome != AppInstallOutcome.Installed) return (null, ReminderDeliveryState.NotInstalled, installed.Reason);
        var (serviceUrl, tenant) = await chats.WhereAsync(options.ServiceUrl, ct);
        if (tenant is null)
            return (null, ReminderDeliveryState.NotInstalled, "The app was installed for this person, but no tenant is known to open the chat in (Bot:TenantId).");
        try
        {
            var chat = await chats.CreateAsync(objectId.ToString("D"), serviceUrl, tenant, ct);
            log.LogInformation("Installed the app for {ObjectId} and opened their personal chat for a reminder.", objectId);
            return (chat, ReminderDeliveryState.Queued, null);
        }
        catch (CommPlan.Teams.Connector.ConnectorException e) when ((int)e.StatusCode is >= 400 and < 500 and not 429 and not 408 and not 412)
        {
            return (null, ReminderDeliveryState.NotInstalled, "The app was installed, but Teams refused to open the chat: " + e.Message);
        }
    }
}
