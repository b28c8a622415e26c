using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommPlan.Storage.Sqlite.Model;

/// <summary>
/// Lets SQLite itself wait for the write lock (in steps of a few milliseconds) instead of failing busy and leaving
/// the retry to Microsoft.Data.Sqlite, which sleeps 150 ms between tries: under concurrent writers (the bot door
/// writing replies while the outbox sender records deliveries) that sleep, not the work, set the latency.
/// With the write-ahead log, synchronous=NORMAL syncs at checkpoints instead of at every commit: a committed write
/// survives the app crashing or being killed; only a power cut or OS crash can lose the last few commits.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }
}
