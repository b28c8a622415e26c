using System.Security.Cryptography;
using System.Text.Json;
using CommPlan.Application.Storage;

namespace CommPlan.Storage.Sqlite.Documents;

/// <summary>
/// Document libraries as folders on disk: the embedded default's stand-in for SharePoint libraries. A library is a
/// sub-folder; names are plain file names, never paths, so nothing is written outside the root. A document's
/// metadata is a small JSON file of the same name in the library's ".metadata" folder (names never start with a dot,
/// so it cannot clash with a document).
/// </summary>
public sealed class LocalFolderDocumentStore(string root) : IDocumentStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredDocument> SaveAsync(string library, string name, Stream content, DocumentMetadata metadata, CancellationToken ct)
    {
        CheckMetadata(metadata);
        var path = PathOf(library, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WriteAtomicallyAsync(path, file => content.CopyToAsync(file, ct));
        var sidecar = MetadataPathOf(library, name);
        Directory.CreateDirectory(Path.GetDirectoryName(sidecar)!);
        await WriteAtomicallyAsync(sidecar, file => JsonSerializer.SerializeAsync(file, metadata, cancellationToken: ct));
        return Describe(library, new FileInfo(path));
    }

    /// <summary>Writes beside and renames, so a reader never sees half a file and a crash leaves the old one intact.</summary>
    private static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await write(file);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void CheckMetadata(DocumentMetadata metadata)
    {
        if (metadata.Status is { Length: > DocumentMetadata.MaxStatusLength })
            throw new ArgumentException($"A document's status is at most {DocumentMetadata.MaxStatusLength} characters.", nameof(metadata));
    }

    public Task<Stream?> OpenAsync(string library, string name, CancellationToken ct)
    {
        var path = PathOf(library, name);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task<IReadOnlyList<StoredDocument>> ListAsync(string library, CancellationToken ct)
    {
        var folder = Path.Combine(Root, CheckName(library, nameof(library)));
        IReadOnlyList<StoredDocument> result = Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles().Where(f => !f.Name.EndsWith(".tmp", StringComparison.Ordinal))
                .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => Describe(library, f)).ToArray()
            : [];
        return Task.FromResult(result);
    }

    public Task<bool> DeleteAsync(string library, string name, CancellationToken ct)
    {
        var path = PathOf(library, name);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.Delete(path);
        File.Delete(MetadataPathOf(library, name));
        return Task.FromResult(true);
    }

    /// <summary>Checks that the folder can be written, for the health endpoint.</summary>
    public bool CanWrite()
    {
        try
        {
            Directory.CreateDirectory(Root);
            var probe = Path.Combine(Root, ".health-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string PathOf(string library, string name) =>
        Path.Combine(Root, CheckName(library, nameof(library)), CheckName(name, nameof(name)));

    private string MetadataPathOf(string library, string name) =>
        Path.Combine(Root, CheckName(library, nameof(library)), ".metadata", CheckName(name, nameof(name)) + ".json");

    private static string CheckName(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || value is "." or ".."
            || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || value.Contains('\\') || value.StartsWith('.'))
            throw new ArgumentException($"'{value}' is not a valid {what}: use a plain file name.", what);
        return value;
    }

    private StoredDocument Describe(string library, FileInfo f)
    {
        var tag = Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(f.LastWriteTimeUtc.Ticks ^ f.Length)))[..16];
        var sidecar = MetadataPathOf(library, f.Name);
        var metadata = File.Exists(sidecar) ? JsonSerializer.Deserialize<DocumentMetadata>(File.ReadAllText(sidecar)) : null;
        return new StoredDocument(library, f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero), $"\"{tag}\"", metadata ?? DocumentMetadata.None);
    }
}
