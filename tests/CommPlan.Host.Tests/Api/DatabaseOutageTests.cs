using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static CommPlan.Host.Tests.Infrastructure.HttpExtensions;

namespace CommPlan.Host.Tests.Api;

/// <summary>
/// The database file damaged or deleted while the app runs: /health says so with the reason, the API answers a
/// 503 in the reader's language instead of writing over the damage or into a new empty file.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private HttpClient _client = null!;

    private string Database => Path.Combine(_app.Folder, "app.db");

    public async Task InitializeAsync()
    {
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/plans/current")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_database_overwritten_with_garbage_while_running_is_unhealthy_with_the_reason_and_the_api_answers_503()
    {
        Corrupt(Database);

        var health = await _client.GetAsync("/health");
        var read = await _client.GetAsync("/api/plans/current");
        var write = await _client.PostAsync(Activities, Json(NewActivity()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var check = await StorageCheckAsync(health);
        Assert.Equal("Unhealthy", (string?)check["status"]);
        Assert.Contains(Database, (string?)check["description"]);
        Assert.Contains("damaged", (string?)check["description"]);
        await AssertUnavailableAsync(read);
        await AssertUnavailableAsync(write);
    }

    [Fact]
    public async Task A_damaged_database_met_by_a_request_is_refused_from_then_on()
    {
        Corrupt(Database);
        SqliteConnection.ClearAllPools(); // as after a restart of the pool: the next request reads the file itself

        var first = await _client.PostAsync(Activities, Json(NewActivity()));
        var second = await _client.GetAsync("/api/plans/current");

        await AssertUnavailableAsync(first);
        await AssertUnavailableAsync(second);
        Assert.Equal("Unhealthy", (string?)(await StorageCheckAsync(await _client.GetAsync("/health")))["status"]);
    }

    [Fact]
    public async Task A_database_deleted_while_running_is_a_503_and_health_says_it_is_missing()
    {
        foreach (var file in new[] { Database, Database + "-wal", Database + "-shm" }) File.Delete(file);

        var read = await _client.GetAsync("/api/plans/current");
        var write = await _client.PostAsync(Activities, Json(NewActivity()));
        var health = await _client.GetAsync("/health");

        await AssertUnavailableAsync(read);
        await AssertUnavailableAsync(write);
        Assert.False(File.Exists(Database), "no empty database was created in its place");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var description = (string?)(await StorageCheckAsync(health))["description"];
        Assert.Contains("missing", description);
        Assert.Contains(Database, description);
        Assert.DoesNotContain("migration", description);
    }

    [Fact]
    public async Task A_start_on_a_damaged_database_stops_with_what_to_do_and_a_failing_exit_code()
    {
        var folder = Directory.CreateTempSubdirectory("commplan-start-").FullName;
        try
        {
            var database = Path.Combine(folder, "app.db");
            await File.WriteAllBytesAsync(database, RandomNumberGenerator.GetBytes(16384));

            var (exitCode, stderr) = await RunHostAsync(database, Path.Combine(folder, "documents"));

            Assert.NotEqual(0, exitCode);
            Assert.Contains(database, stderr);
            Assert.Contains("backup", stderr);
            Assert.DoesNotContain("   at ", stderr);
            Assert.DoesNotContain("Exception", stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The host as it is started in production: its own process, settings from the environment.</summary>
    private static async Task<(int ExitCode, string Stderr)> RunHostAsync(string database, string documents)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "CommPlan.Host.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["Storage__DatabasePath"] = database,
                ["Storage__DocumentsFolder"] = documents,
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The host process did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The host did not stop within 60 s on a damaged database. Output: {await stdout}");
        }
        return (process.ExitCode, await stderr);
    }

    /// <summary>Overwrites every page but the first with random bytes, after moving the log's pages into the file.</summary>
    private static void Corrupt(string database)
    {
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        using var file = new FileStream(database, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var header = new byte[18];
        file.ReadExactly(header);
        var pageSize = header[16] << 8 | header[17];
        if (pageSize == 1) pageSize = 65536;
        Assert.True(file.Length > pageSize, "the database has more than one page to damage");
        file.Position = pageSize;
        file.Write(RandomNumberGenerator.GetBytes((int)file.Length - pageSize));
        file.Flush(flushToDisk: true);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to come back");
        var problem = await response.ReadJsonAsync();
        Assert.Equal("The plan cannot be reached right now.", (string?)problem["title"]);
    }

    private static async Task<JsonNode> StorageCheckAsync(HttpResponseMessage health) =>
        (await health.ReadJsonAsync())["checks"]!.AsArray().Single(c => (string?)c!["name"] == "storage")!;
}
