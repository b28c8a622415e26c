using System.Security.Cryptography;
using System.Text.Json;
using CommPlan.Application.Storage;

namespace CommPlan.Storage.Sqlite.Documents;

/// <summary>
/// Document libraries as folders on disk: the embedded default's stand-in for SharePoint libraries. A library is a
/// sub-folder; names are plain file names, never paths, so nothing is written outside the root. A document's
/// metadata is a small JSON file of the same name in the library's ".metadata" folder (names never start with a dot,
/// so it cannot clash with a document). Earlier versions are kept as SharePoint keeps them: numbered copies with
/// their metadata in the library's ".versions" folder.
/// </summary>
public sealed class LocalFolderDocumentStore(string root) : IDocumentStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredDocument> SaveAsync(string library, string name, Stream content, DocumentMetadata metadata, CancellationToken ct)
    {
        CheckMetadata(metadata);
        var path = PathOf(library, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The new content is read in full before anything is moved, so a broken upload leaves the current version.
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        if (File.Exists(path)) KeepAsVersion(library, name, path);
        await WriteAtomicallyAsync(path, file => buffer.CopyToAsync(file, ct));
        var sidecar = MetadataPathOf(library, name);
        Directory.CreateDirectory(Path.GetDirectoryName(sidecar)!);
        await WriteAtomicallyAsync(sidecar, file => JsonSerializer.SerializeAsync(file, metadata, cancellationToken: ct));
        return Describe(library, new FileInfo(path));
    }

    private void KeepAsVersion(string library, string name, string path)
    {
        var folder = VersionsFolderOf(library, name);
        Directory.CreateDirectory(folder);
        var number = CurrentNumber(library, name);
        var kept = Path.Combine(folder, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var temp = kept + ".tmp";
        File.Copy(path, temp, overwrite: true);
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
        var sidecar = MetadataPathOf(library, name);
        if (File.Exists(sidecar)) File.Copy(sidecar, kept + ".json", overwrite: true);
        File.Move(temp, kept, overwrite: true);
    }

    /// <summary>The current version's number: one more than the versions kept.</summary>
    private int CurrentNumber(string library, string name)
    {
        var folder = VersionsFolderOf(library, name);
        return 1 + (Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Count(f => int.TryParse(Path.GetFileName(f), out _)) : 0);
    }

    public Task<IReadOnlyList<DocumentVersion>?> ListVersionsAsync(string library, string name, CancellationToken ct)
    {
        var path = PathOf(library, name);
        if (!File.Exists(path)) return Task.FromResult<IReadOnlyList<DocumentVersion>?>(null);
        var current = new FileInfo(path);
        var number = CurrentNumber(library, name);
        var versions = new List<DocumentVersion>
        {
            new($"{number}.0", current.Length, new DateTimeOffset(current.LastWriteTimeUtc, TimeSpan.Zero), ReadMetadata(MetadataPathOf(library, name))?.ChangedBy),
        };
        var folder = VersionsFolderOf(library, name);
        for (var n = number - 1; n >= 1; n--)
        {
            var kept = new FileInfo(Path.Combine(folder, n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (!kept.Exists) continue;
            versions.Add(new($"{n}.0", kept.Length, new DateTimeOffset(kept.LastWriteTimeUtc, TimeSpan.Zero), ReadMetadata(kept.FullName + ".json")?.ChangedBy));
        }
        return Task.FromResult<IReadOnlyList<DocumentVersion>?>(versions);
    }

    public Task<Stream?> OpenVersionAsync(string library, string name, string version, CancellationToken ct)
    {
        var path = PathOf(library, name);
        if (!File.Exists(path) || !version.EndsWith(".0", StringComparison.Ordinal)
            || !int.TryParse(version[..^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            return Task.FromResult<Stream?>(null);
        var file = n == CurrentNumber(library, name) ? path : Path.Combine(VersionsFolderOf(library, name), n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Stream? stream = File.Exists(file) ? new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    private static DocumentMetadata? ReadMetadata(string sidecar) =>
        File.Exists(sidecar) ? JsonSerializer.Deserialize<DocumentMetadata>(File.ReadAllText(sidecar)) : null;

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
        if (Directory.Exists(VersionsFolderOf(library, name))) Directory.Delete(VersionsFolderOf(library, name), recursive: true);
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

    private string VersionsFolderOf(string library, string name) =>
        Path.Combine(Root, CheckName(library, nameof(library)), ".versions", CheckName(name, nameof(name)));

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
        var metadata = ReadMetadata(sidecar);
        return new StoredDocument(library, f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero), $"\"{tag}\"", metadata ?? DocumentMetadata.None)
        {
            Version = $"{CurrentNumber(library, f.Name)}.0",
        };
    }
}
