using System.Security.Cryptography;
using System.Text;
using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Activities;

/// <summary>A feed as its maker sees it; <see cref="Secret"/> only when it was just made.</summary>
public sealed record IssuedCalendarFeed(CalendarFeed Feed, string Secret);

/// <summary>What a feed shows when a calendar asks: the plans and their activities the feed's person may read.</summary>
public sealed record CalendarFeedContent(CalendarFeed Feed, IReadOnlyList<(Plan Plan, IReadOnlyList<Activity> Activities)> Plans);

/// <summary>
/// Calendar feeds Outlook can subscribe to. Outlook cannot sign in, so the address carries a secret: 32 random
/// bytes, kept only as their SHA-256 (a leaked database gives no working address), made, listed and revoked by the
/// signed-in person alone. When the calendar asks, the feed shows what its person may read at that moment.
/// </summary>
public sealed class CalendarFeedService(ICalendarFeedStore feeds, IPlanStore plans, IActivityStore activities, AccessGate gate, OrganisationClock clock)
{
    /// <summary>How many feeds one person may keep: enough for every plan and device, not a store to fill.</summary>
    public const int MaxFeedsPerPerson = 50;

    /// <exception cref="NotFoundException">A plan feed for a plan that does not exist.</exception>
    public async Task<IssuedCalendarFeed> CreateAsync(Actor actor, CalendarFeedKind kind, Guid? planId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        var errors = new ErrorCollector();
        if (kind == CalendarFeedKind.Plan && planId is null) errors.Add("planId", ErrorCodes.Required);
        if ((await feeds.ListAsync(actor.ObjectId, ct)).Count >= MaxFeedsPerPerson) errors.Add("feeds", ErrorCodes.TooMany, MaxFeedsPerPerson);
        errors.ThrowIfAny();
        if (planId is { } id) (await gate.ForPlanAsync(actor, id, ct)).Demand(Operation.ReadPlan);

        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var feed = new CalendarFeed(Guid.NewGuid(), actor.ObjectId, actor.TenantId, actor.DisplayName, actor.Email, kind, planId,
            Hash(secret), clock.Time.GetUtcNow());
        await feeds.AddAsync(feed, ct);
        return new IssuedCalendarFeed(feed, secret);
    }

    public async Task<IReadOnlyList<CalendarFeed>> ListAsync(Actor actor, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        return await feeds.ListAsync(actor.ObjectId, ct);
    }

    /// <exception cref="NotFoundException">The person has no such feed (never had, or revoked it already).</exception>
    public async Task RevokeAsync(Actor actor, Guid feedId, CancellationToken ct)
    {
        gate.DemandTenant(actor);
        if (!await feeds.RemoveAsync(actor.ObjectId, feedId, ct)) throw new NotFoundException("Calendar feed " + feedId);
    }

    /// <summary>The feed's content, read as its person; null for an unknown or revoked secret, or a person no longer let in.</summary>
    public async Task<CalendarFeedContent?> ReadAsync(string secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100) return null;
        if (await feeds.FindBySecretHashAsync(Hash(secret), ct) is not { } feed) return null;
        var person = new Actor(feed.ObjectId, feed.TenantId, feed.DisplayName, feed.Email);
        var caller = person.ToCaller(new HashSet<Guid>());
        var shown = new List<(Plan, IReadOnlyList<Activity>)>();
        try
        {
            gate.DemandTenant(person);
            var planIds = feed.PlanId is { } one ? [one] : (await plans.ListAsync(ct)).Select(p => p.Id).ToArray();
            foreach (var id in planIds)
            {
                var access = await gate.ForPlanAsync(person, id, ct);
                if (!access.Allows(Operation.ReadPlan)) continue;
                if (await plans.GetAsync(id, ct) is not { } plan) continue;
                var rows = (await activities.ListAsync(id, ct)).Select(a => a.Value)
                    .Where(a => feed.Kind == CalendarFeedKind.Plan || AccessPolicy.IsOwner(caller, a.Owner))
                    .OrderBy(a => a.Period.From).ThenBy(a => a.Title, StringComparer.Ordinal).ToArray();
                shown.Add((plan, rows));
            }
        }
        catch (Exception e) when (e is AccessDeniedException or NotFoundException)
        {
            // The plan is gone or the person is no longer in the organisation: the address shows nothing.
            return null;
        }
        return new CalendarFeedContent(feed, shown);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
