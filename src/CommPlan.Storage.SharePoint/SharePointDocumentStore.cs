using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Graph;

namespace CommPlan.Storage.SharePoint;

/// <summary>
/// Plan documents and press releases in SharePoint document libraries, one library per app library key (see
/// <see cref="SharePointOptions.Libraries"/>), files in the library's root. Files are small (docx): one PUT each;
/// SharePoint keeps the earlier versions when a file is replaced.
/// </summary>
public sealed class SharePointDocumentStore(GraphCalls graph, SharePointSite site, SharePointOptions options) : IDocumentStore
{
    // Characters SharePoint refuses in file names, besides path separators.
    private static readonly char[] Refused = ['"', '*', ':', '<', '>', '?', '/', '\\', '|', '#', '%'];

    public async Task<StoredDocument> SaveAsync(string library, string name, Stream content, CancellationToken ct)
    {
        CheckName(name, nameof(name));
        var drive = await DriveAsync(library, ct);
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var request = graph.Client.Drives[drive].Root.ItemWithPath(name).Content.ToPutRequestInformation(buffer);
        var item = await graph.SendAsync(request, ct) ?? throw new InvalidDataException("Graph answered the upload without a body.");
        return Describe(library, item);
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
        var (items, _) = await graph.ReadAllAsync(graph.Client.Drives[drive].Items["root"].Children.ToGetRequestInformation(), ct);
        return items.Where(i => i.TryGetProperty("file", out _)).Select(i => Describe(library, i)).OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
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

    private static StoredDocument Describe(string library, JsonElement item) => new(
        library,
        item.GetProperty("name").GetString()!,
        item.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
        item.TryGetProperty("lastModifiedDateTime", out var at) ? at.GetDateTimeOffset() : DateTimeOffset.MinValue,
        item.TryGetProperty("eTag", out var etag) ? etag.GetString() ?? "" : "");
}
