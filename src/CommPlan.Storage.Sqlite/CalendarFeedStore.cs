using CommPlan.Application.Storage;
using CommPlan.Storage.Sqlite.Model;
using Microsoft.EntityFrameworkCore;

namespace CommPlan.Storage.Sqlite;

/// <summary>Calendar feeds in the app's own database (SQLite, or PostgreSQL through the same model).</summary>
public sealed class SqlCalendarFeedStore(AppDbContext db) : ICalendarFeedStore
{
    public async Task AddAsync(CalendarFeed feed, CancellationToken ct = default)
    {
        db.CalendarFeeds.Add(new CalendarFeedRow
        {
            Id = feed.Id, ObjectId = feed.ObjectId, TenantId = feed.TenantId, DisplayName = feed.DisplayName, Email = feed.Email,
            Kind = feed.Kind.ToString(), PlanId = feed.PlanId, SecretHash = feed.SecretHash, CreatedAtMs = feed.CreatedAt.ToUnixTimeMilliseconds(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<IReadOnlyList<CalendarFeed>> ListAsync(Guid objectId, CancellationToken ct = default) =>
        (await db.CalendarFeeds.AsNoTracking().Where(f => f.ObjectId == objectId).OrderBy(f => f.CreatedAtMs).ToListAsync(ct))
            .Select(ToFeed).ToArray();

    public async Task<CalendarFeed?> FindBySecretHashAsync(string secretHash, CancellationToken ct = default) =>
        await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.SecretHash == secretHash, ct) is { } row ? ToFeed(row) : null;

    public async Task<bool> RemoveAsync(Guid objectId, Guid feedId, CancellationToken ct = default) =>
        await db.CalendarFeeds.Where(f => f.Id == feedId && f.ObjectId == objectId).ExecuteDeleteAsync(ct) > 0;

    private static CalendarFeed ToFeed(CalendarFeedRow r) => new(r.Id, r.ObjectId, r.TenantId, r.DisplayName, r.Email,
        Enum.Parse<CalendarFeedKind>(r.Kind), r.PlanId, r.SecretHash, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs));
}
