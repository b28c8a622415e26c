using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>
/// Lets SQLite itself wait for the write lock (in steps of a few milliseconds) instead of failing busy and leaving
/// the retry to Microsoft.Data.Sqlite, which sleeps 150 ms between tries: under concurrent writers (the bot door
/// writing replies while the outbox sender records deliveries) that sleep, not the work, set the latency.
/// With the write-ahead log, synchronous=NORMAL syncs at checkpoints instead of at every commit: a committed write
/// survives the app crashing or being killed; only a power cut or OS crash can lose the last few commits.
/// Both belong to SQLite's own connection, which the pool keeps open behind every open and close EF makes: they are
/// set once per SQLite connection, not on every open (which would be one more statement for every query).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    /// <summary>The SQLite connections already set up; an entry goes with its connection.</summary>
    private static readonly ConditionalWeakTable<object, object> Configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection, out var handle)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        if (handle is not null) Configured.AddOrUpdate(handle, handle);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        if (!NeedsPragmas(connection, out var handle)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
        if (handle is not null) Configured.AddOrUpdate(handle, handle);
    }

    private static bool NeedsPragmas(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is null || !Configured.TryGetValue(handle, out _);
    }
}
