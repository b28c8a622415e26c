namespace CommPlan.Browser.Tests.Infrastructure;

/// <summary>The npm packages of this test project (package.json; installed by test.sh with npm ci).</summary>
public static class NodeModules
{
    private const string Relative = "tests/CommPlan.Browser.Tests/node_modules";

    public static string Root { get; } = Find();

    public static string File(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing; run npm ci in tests/CommPlan.Browser.Tests.", path);
    }

    // Walks up from the test binaries (bin/Debug/net10.0 or wherever a runner put them) to the repository.
    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Relative);
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException(
            $"No {Relative} above {AppContext.BaseDirectory}; run npm ci in tests/CommPlan.Browser.Tests (test.sh does).");
    }
}
