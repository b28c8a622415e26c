namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>
/// Which lane the current work's Graph requests go in. Interactive (the default: whatever an API or bot request
/// does) waits out only short throttling and otherwise fails fast with <see cref="SharePointBusyException"/>;
/// bulk (imports, provisioning, background work) waits out whatever SharePoint asks, so a person clicking in the tab is
/// never held for minutes behind it.
/// </summary>
/// <remarks>
/// An ambient scope rather than a per-request option: the lane belongs to a piece of work, whose requests start in
/// many places (the stores, the delta sync, the site's id lookups, $batch), and an AsyncLocal set around the work
/// reaches all of them, down into the HTTP handlers, without a flag threaded through every call.
/// </remarks>
public static class GraphLane
{
    private static readonly AsyncLocal<bool> InBulk = new();

    public static bool IsBulk => InBulk.Value;

    /// <summary>Puts the requests made until the scope is disposed in the bulk lane: <c>using (GraphLane.Bulk()) { ... }</c>.</summary>
    public static IDisposable Bulk()
    {
        var scope = new Scope(InBulk.Value);
        InBulk.Value = true;
        return scope;
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => InBulk.Value = previous;
    }
}
