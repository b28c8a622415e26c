namespace CommPlan.Application;

/// <summary>The thing asked for does not exist (or is not in the plan named).</summary>
public sealed class NotFoundException(string what) : Exception(what + " was not found.")
{
    public string What { get; } = what;
}

/// <summary>Someone else changed the thing since the caller read it; the caller must read it again.</summary>
public sealed class ConcurrencyConflictException(string what, string? currentETag)
    : Exception(what + " was changed by someone else.")
{
    public string What { get; } = what;
    public string? CurrentETag { get; } = currentETag;
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
