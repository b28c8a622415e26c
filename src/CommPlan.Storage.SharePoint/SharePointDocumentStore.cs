using System.Text.Json;
using System.Text.Json.Nodes;
using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Graph;
using Microsoft.Graph.Drives.Item.Items.Item.CreateUploadSession;
using Microsoft.Kiota.Abstractions;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Plan documents and press releases in SharePoint document libraries, one library per app library key (see
/// <see cref="SharePointOptions.Libraries"/>), files in the library's root. Files are small (docx): one PUT each;
/// SharePoint keeps the earlier versions when a file is replaced.
/// Small files (docx) go up in one PUT; larger ones through an upload session, in fragments of a multiple of
/// 320 KiB, as Graph asks for anything past a few megabytes. The metadata (plan id, status) are the library's columns.
/// </summary>
public sealed class SharePointDocumentStore(GraphCalls graph, SharePointSite site, SharePointOptions options) : IDocumentStore
{
    public const int SimpleUploadLimit = 4 * 1024 * 1024;
    private const int Fragment = 10 * 320 * 1024;

    // Characters SharePoint refuses in file names, besides path separators.
    private static readonly char[] Refused = ['"', '*', ':', '<', '>', '?', '/', '\\', '|', '#', '%'];

    public async Task<StoredDocument> SaveAsync(string library, string name, Stream content, DocumentMetadata metadata, CancellationToken ct)
    {
        CheckName(name, nameof(name));
        if (metadata.Status is { Length: > DocumentMetadata.MaxStatusLength })
            throw new ArgumentException($"A document's status is at most {DocumentMetadata.MaxStatusLength} characters.", nameof(metadata));
        var drive = await DriveAsync(library, ct);
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var item = (buffer.Length <= SimpleUploadLimit
            ? await graph.SendAsync(graph.Client.Drives[drive].Root.ItemWithPath(name).Content.ToPutRequestInformation(buffer), ct)
            : await UploadInFragmentsAsync(drive, name, buffer, ct)) ?? throw new InvalidDataException("Graph answered the upload without a body.");
        // The metadata are the library's columns of the file's list item: written (or cleared) with every save.
        var fields = new JsonObject
        {
            [DocumentColumns.PlanId] = metadata.PlanId?.ToString(),
            [DocumentColumns.DocumentStatus] = metadata.Status,
            [DocumentColumns.ChangedBy] = metadata.ChangedBy,
        };
        var id = item.GetProperty("id").GetString()!;
        var url = $"{options.GraphBaseUrl.TrimEnd('/')}/drives/{Uri.EscapeDataString(drive)}/items/{Uri.EscapeDataString(id)}/listItem/fields";
        await graph.SendAsync(GraphCalls.WithJson(GraphCalls.Link(Method.PATCH, url), fields), ct);
        // Changing the columns made a new version of the item: read its eTag, which a later conditional write quotes.
        var current = await graph.SendAsync(graph.Client.Drives[drive].Items[id].ToGetRequestInformation(c =>
            c.QueryParameters.Expand = [FieldsExpansion]), ct) ?? item;
        return Describe(library, current, metadata);
    }

    private async Task<JsonElement?> UploadInFragmentsAsync(string drive, string name, MemoryStream content, CancellationToken ct)
    {
        var start = new CreateUploadSessionPostRequestBody();
        var session = await graph.SendAsync(GraphCalls.WithJson(
            graph.Client.Drives[drive].Root.ItemWithPath(name).CreateUploadSession.ToPostRequestInformation(start),
            new JsonObject { ["item"] = new JsonObject { ["@microsoft.graph.conflictBehavior"] = "replace" } }), ct);
        var uploadUrl = session?.GetProperty("uploadUrl").GetString() ?? throw new InvalidDataException("Graph started no upload session.");
        var bytes = content.ToArray();
        JsonElement? last = null;
        for (var from = 0; from < bytes.Length; from += Fragment)
        {
            var length = Math.Min(Fragment, bytes.Length - from);
            var put = GraphCalls.Link(Method.PUT, uploadUrl);
            put.SetStreamContent(new MemoryStream(bytes, from, length), "application/octet-stream");
            put.Headers.Add("Content-Range", $"bytes {from}-{from + length - 1}/{bytes.Length}");
            last = await graph.SendAsync(put, ct);
        }
        return last;
    }

    public async Task<Stream?> OpenAsync(string library, string name, CancellationToken ct)
    {
        CheckName(name, nameof(name));
        var drive = await DriveAsync(library, ct);
        try
        {
            await using var stream = await graph.SendForStreamAsync(graph.Client.Drives[drive].Root.ItemWithPath(name).Content.ToGetRequestInformation(), ct);
            var copy = new MemoryStream();
            if (stream is not null) await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            return copy;
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(string library, CancellationToken ct)
    {
        var drive = await DriveAsync(library, ct);
        var (items, _) = await graph.ReadAllAsync(graph.Client.Drives[drive].Items["root"].Children.ToGetRequestInformation(c =>
            c.QueryParameters.Expand = [FieldsExpansion]), ct);
        return items.Where(i => i.TryGetProperty("file", out _)).Select(i => Describe(library, i, MetadataOf(i))).OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
    }

    public async Task<bool> DeleteAsync(string library, string name, CancellationToken ct)
    {
        CheckName(name, nameof(name));
        var drive = await DriveAsync(library, ct);
        try
        {
            await graph.SendAsync(graph.Client.Drives[drive].Root.ItemWithPath(name).ToDeleteRequestInformation(), ct);
            return true;
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return false;
        }
    }

    private static readonly string FieldsExpansion =
        $"listItem($expand=fields($select={DocumentColumns.PlanId},{DocumentColumns.DocumentStatus},{DocumentColumns.ChangedBy},{DocumentColumns.VersionLabel}))";

    public async Task<IReadOnlyList<DocumentVersion>?> ListVersionsAsync(string library, string name, CancellationToken ct)
    {
        var (drive, id) = await ItemAsync(library, name, ct);
        if (id is null) return null;
        var (versions, _) = await graph.ReadAllAsync(graph.Client.Drives[drive].Items[id].Versions.ToGetRequestInformation(), ct);
        return versions.Select(v => new DocumentVersion(
            v.GetProperty("id").GetString()!,
            v.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
            v.TryGetProperty("lastModifiedDateTime", out var at) ? at.GetDateTimeOffset() : DateTimeOffset.MinValue,
            v.TryGetProperty("lastModifiedBy", out var by) && by.TryGetProperty("user", out var user) && user.TryGetProperty("displayName", out var display)
                ? display.GetString() : null)).ToArray();
    }

    public async Task<Stream?> OpenVersionAsync(string library, string name, string version, CancellationToken ct)
    {
        var (drive, id) = await ItemAsync(library, name, ct);
        if (id is null || string.IsNullOrWhiteSpace(version) || version.Any(c => !char.IsAsciiDigit(c) && c != '.')) return null;
        try
        {
            await using var stream = await graph.SendForStreamAsync(graph.Client.Drives[drive].Items[id].Versions[version].Content.ToGetRequestInformation(), ct);
            var copy = new MemoryStream();
            if (stream is not null) await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            return copy;
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return null;
        }
    }

    /// <summary>The drive and the file's item id; a null id when there is no such file.</summary>
    private async Task<(string Drive, string? Id)> ItemAsync(string library, string name, CancellationToken ct)
    {
        CheckName(name, nameof(name));
        var drive = await DriveAsync(library, ct);
        try
        {
            var item = await graph.SendAsync(graph.Client.Drives[drive].Root.ItemWithPath(name).ToGetRequestInformation(), ct);
            return (drive, item?.GetProperty("id").GetString());
        }
        catch (Exception e) when (GraphCalls.StatusOf(e) == 404)
        {
            return (drive, null);
        }
    }

    private async Task<string> DriveAsync(string library, CancellationToken ct)
    {
        CheckName(library, nameof(library));
        return await site.DriveIdAsync(options.LibraryName(library), ct);
    }

    private static void CheckName(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || value is "." or ".." || value.StartsWith('.')
            || value.IndexOfAny(Refused) >= 0 || value.Any(char.IsControl))
            throw new ArgumentException($"'{value}' is not a valid {what}: use a plain file name.", what);
    }

    private static StoredDocument Describe(string library, JsonElement item, DocumentMetadata metadata) => new(
        library,
        item.GetProperty("name").GetString()!,
        item.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
        item.TryGetProperty("lastModifiedDateTime", out var at) ? at.GetDateTimeOffset() : DateTimeOffset.MinValue,
        item.TryGetProperty("eTag", out var etag) ? etag.GetString() ?? "" : "",
        metadata)
    {
        Version = FieldOf(item, DocumentColumns.VersionLabel) ?? "1.0",
        WebUrl = item.TryGetProperty("webUrl", out var web) ? web.GetString() : null,
    };

    private static string? FieldOf(JsonElement item, string name) =>
        item.TryGetProperty("listItem", out var listItem) && listItem.TryGetProperty("fields", out var fields)
        && fields.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DocumentMetadata MetadataOf(JsonElement item)
    {
        if (!item.TryGetProperty("listItem", out var listItem) || !listItem.TryGetProperty("fields", out var fields)) return DocumentMetadata.None;
        string? Text(string name) => fields.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new DocumentMetadata(Guid.TryParse(Text(DocumentColumns.PlanId), out var plan) ? plan : null, Text(DocumentColumns.DocumentStatus),
            Text(DocumentColumns.ChangedBy));
    }
}
