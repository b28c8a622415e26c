using System.Security.Cryptography;
using CommPlan.Application.Storage;

namespace CommPlan.Storage.Sqlite.Documents;

/// <summary>
/// Document libraries as folders on disk: the embedded default's stand-in for SharePoint libraries. A library is a
/// sub-folder; names are plain file names, never paths, so nothing is written outside the root.
/// </summary>
public sealed class LocalFolderDocumentStore(string root) : IDocumentStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredDocument> SaveAsync(string library, string name, Stream content, CancellationToken ct)
    {
        var path = PathOf(library, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write beside and rename, so a reader never sees half a file and a crash leaves the old one intact.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(file, ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return Describe(library, new FileInfo(path));
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

    private static string CheckName(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || value is "." or ".."
            || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || value.Contains('\\') || value.StartsWith('.'))
            throw new ArgumentException($"'{value}' is not a valid {what}: use a plain file name.", what);
        return value;
    }

    private static StoredDocument Describe(string library, FileInfo f)
    {
        var tag = Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(f.LastWriteTimeUtc.Ticks ^ f.Length)))[..16];
        return new StoredDocument(library, f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero), $"\"{tag}\"");
    }
}
