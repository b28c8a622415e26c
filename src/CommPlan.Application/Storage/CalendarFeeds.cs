namespace CommPlan.Application.Storage;

/// <summary>What a calendar feed shows: one plan's activities, or the person's own activities in every plan.</summary>
public enum CalendarFeedKind { Plan, Mine }

/// <summary>
/// A calendar subscription one person made: whose it is (the feed shows what they may read, judged when the
/// calendar asks), what it shows, and the SHA-256 of the secret its address carries. The secret itself is never
/// stored: it is shown once, when the feed is made.
/// </summary>
public sealed record CalendarFeed(Guid Id, Guid ObjectId, Guid? TenantId, string DisplayName, string? Email,
    CalendarFeedKind Kind, Guid? PlanId, string SecretHash, DateTimeOffset CreatedAt);

/// <summary>The calendar feeds people made; a revoked feed is removed, so its address finds nothing.</summary>
public interface ICalendarFeedStore
{
    Task AddAsync(CalendarFeed feed, CancellationToken ct = default);

    /// <summary>The person's feeds, oldest first.</summary>
    Task<IReadOnlyList<CalendarFeed>> ListAsync(Guid objectId, CancellationToken ct = default);

    Task<CalendarFeed?> FindBySecretHashAsync(string secretHash, CancellationToken ct = default);

    /// <summary>Removes the person's feed; another person's feed is left alone.</summary>
    /// <returns>Whether the person had that feed.</returns>
    Task<bool> RemoveAsync(Guid objectId, Guid feedId, CancellationToken ct = default);
}
