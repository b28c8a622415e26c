namespace CommPlan.Storage.Sqlite.Model;

/// <summary>A remote list the app keeps a local copy of, and where its next delta sync starts.</summary>
public sealed class SyncListRow
{
    public string List { get; set; } = "";
    public string? DeltaLink { get; set; }
}

/// <summary>One cached item of a remote list; <see cref="Key"/> and <see cref="Partition"/> are the app's ids for it.</summary>
public sealed class SyncItemRow
{
    public string List { get; set; } = "";
    public string ItemId { get; set; } = "";
    public string? Key { get; set; }
    public string? Partition { get; set; }
    public string ETag { get; set; } = "";
    public string FieldsJson { get; set; } = "{}";
}
