using CommPlan.Domain.Access;

namespace CommPlan.Application;

/// <summary>
/// The access policy refuses the actor this operation; nothing was changed. <see cref="Reason"/> is stable, for
/// the doors to translate (a 403 problem, an error card).
/// </summary>
public sealed class AccessDeniedException(AccessDecision decision)
    : Exception($"{decision.Operation} is refused: {decision.Reason}.")
{
    public Operation Operation { get; } = decision.Operation;
    public RefusalReason Reason { get; } = decision.Reason ?? RefusalReason.CommunicatorsOnly;
    public PlanRole Role { get; } = decision.Role;
}

/// <summary>The thing asked for does not exist (or is not in the plan named).</summary>
public sealed class NotFoundException(string what) : Exception(what + " was not found.")
{
    public string What { get; } = what;
}

/// <summary>
/// Someone else changed the thing since the caller read it; the caller must read it again. The current version is
/// always known (a thing with no current version is gone: <see cref="NotFoundException"/>), so every 412 names it.
/// </summary>
public sealed class ConcurrencyConflictException(string what, string currentETag)
    : Exception(what + " was changed by someone else.")
{
    public string What { get; } = what;
    public string CurrentETag { get; } = currentETag;
}

/// <summary>A thing with that identity exists already.</summary>
public sealed class DuplicateException(string what) : Exception(what + " exists already.")
{
    public string What { get; } = what;
}

/// <summary>A write that names no version: the caller must read first and send If-Match.</summary>
public sealed class PreconditionRequiredException(string what) : Exception(what + " can only be changed with the version read (If-Match).")
{
    public string What { get; } = what;
}

/// <summary>
/// A service the app depends on (its database, SharePoint, Microsoft Graph or its token authority) cannot be used
/// right now: the request was not carried out, and the caller may try again after <see cref="RetryAfter"/>. The
/// message is the reason for administrators (logs, /health); users are only told to come back later.
/// </summary>
public class DependencyUnavailableException(string dependency, string reason, TimeSpan retryAfter, Exception? inner = null)
    : Exception(reason, inner)
{
    /// <summary>What is unavailable, as administrators name it ("SQLite database", "Microsoft Graph").</summary>
    public string Dependency { get; } = dependency;

    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;

    /// <summary>The wait in whole seconds, rounded up, as an HTTP Retry-After says it; at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>
/// A dependency is up but asks the app to wait (throttling): the request was not carried out (or was taken back), so
/// nothing was changed, and the caller may try again after <see cref="DependencyUnavailableException.RetryAfter"/>.
/// Adapters throw their own kinds of it; the doors know only this one.
/// </summary>
public class DependencyBusyException(string dependency, TimeSpan retryAfter)
    : DependencyUnavailableException(dependency, $"{dependency} asks the app to wait {WholeSeconds(retryAfter)} seconds; nothing was changed.", retryAfter)
{
    private static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
