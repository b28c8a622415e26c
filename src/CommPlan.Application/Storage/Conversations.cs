namespace CommPlan.Application.Storage;

public enum ConversationKind { Personal, GroupChat, Channel }

public enum ConversationState { Active, Removed, Dead }

/// <summary>Where and how the app can reach a Teams conversation; refreshed from every incoming activity.</summary>
public sealed record ConversationRecord(
    string ConversationId, string ServiceUrl, string TenantId, ConversationKind Kind, string BotId,
    string? UserId, string? UserAadObjectId, string? TeamId, string? Name, string? Locale,
    ConversationState State, string? StateReason, DateTimeOffset UpdatedAt);

public interface IConversationStore
{
    Task<ConversationRecord?> GetAsync(string conversationId, CancellationToken ct = default);

    /// <summary>
    /// Inserts or replaces the record (a reinstall revives a removed or dead conversation), atomically: of two
    /// concurrent upserts of a new conversation, one inserts and the other replaces.
    /// </summary>
    /// <returns>The state before, or null when the conversation was new: how a caller knows the app just arrived.</returns>
    Task<ConversationState?> UpsertAsync(ConversationRecord record, CancellationToken ct = default);
    Task SetStateAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// Sets the state only if the record is still as it was read (its <see cref="ConversationRecord.UpdatedAt"/> is
    /// <paramref name="seenUpdatedAt"/>), as one statement: a conversation revived meanwhile stays revived.
    /// </summary>
    /// <returns>Whether the state was set.</returns>
    Task<bool> SetStateIfUnchangedAsync(string conversationId, ConversationState state, string? reason, DateTimeOffset seenUpdatedAt,
        DateTimeOffset at, CancellationToken ct = default);

    Task<ConversationRecord?> FindPersonalAsync(string userAadObjectId, CancellationToken ct = default);

    Task<IReadOnlyList<ConversationRecord>> ListAsync(ConversationState? state = null, CancellationToken ct = default);
}
