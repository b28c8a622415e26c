using CommPlan.Host.Settings;

namespace CommPlan.Host.Features.AppPackage;

/// <summary>
/// `package [--output PATH]`: writes the Teams app package (appPackage.zip) for this installation, from the same
/// settings the app runs with, and exits. Upload it in the Teams admin center or Developer Portal.
/// </summary>
public static class PackageCommand
{
    public const string Verb = "package";
    public const string FileName = "appPackage.zip";

    /// <returns>0 when the package is written; 1 when it cannot be written; 2 when a setting is missing or wrong.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (path, rest) = Output(args);
        if (path == "")
        {
            await error.WriteLineAsync("--output needs a path: a file, or a folder to write appPackage.zip in.");
            return 2;
        }
        var configuration = WebApplication.CreateBuilder(rest).Configuration;
        var problems = new SettingProblems();
        var app = TeamsAppSettings.Read(configuration, problems);
        if (app is null)
        {
            await error.WriteLineAsync("CommPlan cannot build the app package:");
            foreach (var problem in problems.All) await error.WriteLineAsync("  " + problem);
            return 2;
        }

        var file = Destination(path);
        try
        {
            if (Path.GetDirectoryName(file) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            await using (var stream = File.Create(file))
                await AppManifest.WriteAsync(app, stream, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Could not write {file}: {e.Message}");
            return 1;
        }
        await output.WriteLineAsync($"Wrote {file}: Teams app {app.AppId} version {app.Version} (manifest {AppManifest.ManifestVersion}), " +
                                    $"bot {app.BotId}, tabs at {app.Url("/")}, sign-in {app.Resource}.");
        return 0;
    }

    /// <summary>--output PATH (or --output=PATH, -o PATH) out of the arguments; the rest are settings, as for the app.</summary>
    private static (string? Path, string[] Settings) Output(string[] args)
    {
        string? path = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--output" or "-o") path = i + 1 < args.Length ? args[++i] : "";
            else if (args[i].StartsWith("--output=", StringComparison.Ordinal)) path = args[i]["--output=".Length..];
            else rest.Add(args[i]);
        }
        return (path, [.. rest]);
    }

    /// <summary>A folder (existing, or written with a trailing slash) gets appPackage.zip inside; anything else is the file.</summary>
    private static string Destination(string? path)
    {
        if (path is null) return Path.GetFullPath(FileName);
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar) ? Path.Combine(full, FileName) : full;
    }
}
