using Npgsql;

namespace CommPlan.Testing;

/// <summary>
/// A fresh, empty database on the PostgreSQL server that test.sh starts (its address in COMMPLAN_TEST_POSTGRES),
/// dropped again on dispose. Without the variable the test fails and says how to run it: no test is skipped.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "COMMPLAN_TEST_POSTGRES";

    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public string Name { get; }

    /// <summary>For the app's ConnectionStrings:CommPlanState.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"This test needs a PostgreSQL server: {Variable} is not set. Run ./test.sh, which starts one, or set {Variable} " +
                "to a connection string of a server where the user may create databases, e.g. Host=127.0.0.1;Port=5432;Username=postgres.");
        var database = new PostgresDatabase(server, "commplan_test_" + Guid.NewGuid().ToString("N"));
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // This database's pooled connections only; other tests' pools stay as they are.
        using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
