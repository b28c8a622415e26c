using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// The in-memory SharePoint the server answers from. Every member is read and written under the server's one lock.

internal sealed class SiteState(string id, string hostname, string path, string displayName)
{
    public string Id { get; } = id;
    public string Hostname { get; } = hostname;
    public string Path { get; } = path;
    public string DisplayName { get; } = displayName;
    public string WebUrl => $"https://{Hostname}{Path}";
    public List<ListState> Lists { get; } = [];
    /// <summary>Raised by every change to an item in the site; delta tokens are positions in it.</summary>
    public long ChangeSequence { get; set; }
}

internal sealed class ListState(string id, string name, string displayName, string template, DateTimeOffset created)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string DisplayName { get; } = displayName;
    public string Template { get; } = template;
    public DateTimeOffset Created { get; } = created;
    public DateTimeOffset Modified { get; set; } = created;
    public bool Hidden { get; init; }
    public string? Description { get; init; }
    public List<ColumnState> Columns { get; } = [];
    public SortedDictionary<int, ItemState> Items { get; } = [];
    public List<Tombstone> Tombstones { get; } = [];
    public int NextItemId { get; set; } = 1;
    public DriveState? Drive { get; set; }
    public bool IsLibrary => Template == "documentLibrary";

    public ColumnState? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

internal sealed record Tombstone(int ItemId, long Sequence);

/// <summary>A column definition as the client sent it (unknown properties kept), with the properties the server acts on.</summary>
internal sealed class ColumnState(JsonObject definition)
{
    public static readonly string[] Types =
    [
        "text", "number", "dateTime", "choice", "personOrGroup", "boolean", "lookup", "currency", "hyperlinkOrPicture",
        "calculated", "term", "contentApprovalStatus", "geolocation", "thumbnail", "defaultValue",
    ];

    public JsonObject Definition { get; } = definition;
    public string Id => (string)Definition["id"]!;
    public string Name => (string)Definition["name"]!;
    public bool Indexed => Definition["indexed"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public bool ReadOnly => Definition["readOnly"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public bool Hidden => Definition["hidden"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
    public string? Type => Types.FirstOrDefault(t => t != "defaultValue" && Definition[t] is JsonObject);
    /// <summary>Person and lookup columns are written and read as {Name}LookupId.</summary>
    public bool IsLookup => Type is "personOrGroup" or "lookup";
}

internal sealed class ItemState(int id, Guid uniqueId, DateTimeOffset created)
{
    public int Id { get; } = id;
    public Guid UniqueId { get; } = uniqueId;
    public DateTimeOffset Created { get; } = created;
    public DateTimeOffset Modified { get; set; } = created;
    public int Version { get; set; } = 1;
    public long Sequence { get; set; }
    /// <summary>The fields the client wrote (system fields are made up when answering).</summary>
    public JsonObject Fields { get; } = [];
    public FileState? File { get; set; }
    public string ETag => $"\"{UniqueId},{Version}\"";
}

internal sealed class DriveState(string id, ListState list)
{
    public string Id { get; } = id;
    public ListState List { get; } = list;
    public string RootId { get; } = "01" + Guid.NewGuid().ToString("N").ToUpperInvariant()[..32];
}

internal sealed class FileState(string id, string name, ItemState item)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public ItemState Item { get; } = item;
    public List<FileVersion> Versions { get; } = [];
    public FileVersion Current => Versions[^1];
}

internal sealed record FileVersion(string Label, byte[] Content, string ContentType, DateTimeOffset At);
