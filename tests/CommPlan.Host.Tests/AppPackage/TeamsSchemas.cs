extern alias JsonSchemaNet;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;

namespace CommPlan.Host.Tests.AppPackage;

/// <summary>
/// Microsoft's Teams app manifest schemas as npm @microsoft/app-manifest ships them (installed with the browser tests'
/// packages by npm ci). They declare draft-04 but use draft-07 keywords (const, if/then); draft-07 reads draft-04's
/// keywords the same way, so they are evaluated as draft-07.
/// </summary>
public static class TeamsSchemas
{
    private const string Relative = "tests/CommPlan.Browser.Tests/node_modules/@microsoft/app-manifest/build/json-schemas/teams";

    public static JsonSchema Manifest(string version) => Load(version, "MicrosoftTeams.schema.json");

    public static JsonSchema Localization(string version) => Load(version, "MicrosoftTeams.Localization.schema.json");

    /// <summary>Every error with where it is, or an empty list when <paramref name="document"/> is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, byte[] document)
    {
        using var json = JsonDocument.Parse(document);
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static JsonSchema Load(string version, string file)
    {
        var path = Path.Combine(Folder(), $"v{version}", file);
        Assert.True(File.Exists(path), $"{path} is missing: @microsoft/app-manifest ships no schema for manifest version {version}.");
        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        // A fresh address each time: the library keeps built schemas by address.
        return JsonSchema.FromText(schema.ToJsonString(), baseUri: new Uri($"https://schemas.test/{Guid.NewGuid():N}/teams/v{version}/{file}"));
    }

    /// <summary>Walks up from the test binaries to the repository's installed npm packages.</summary>
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"No {Relative} above {AppContext.BaseDirectory}; run npm ci in tests/CommPlan.Browser.Tests (test.sh does).");
    }
}
