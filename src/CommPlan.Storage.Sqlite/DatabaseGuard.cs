using System.Data.Common;
using CommPlan.Application;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommPlan.Storage.Sqlite;

/// <summary>The app's database file is missing or damaged: nothing can be read or written until it is restored.</summary>
public sealed class DatabaseUnusableException(string reason, Exception? inner = null)
    : DependencyUnavailableException("SQLite database", reason, RetryAfterDefault, inner)
{
    /// <summary>A restore takes an administrator: clients are asked to come back in a while, not at once.</summary>
    public static readonly TimeSpan RetryAfterDefault = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Knows whether the database file can be used. A damaged file, once seen (by a request or by /health), is refused
/// to every later request instead of being written over; the health check clears that when a real read succeeds
/// again (the file was restored). A file deleted while the app runs is refused at once: without this the pool's
/// open handles would go on writing into the deleted file, and a new connection would create an empty one.
/// </summary>
public sealed class DatabaseGuard(EmbeddedStorageOptions options)
{
    private volatile DatabaseUnusableException? _damaged;

    public string DatabasePath => options.DatabasePath;

    /// <summary>Why the database cannot be used now, as far as is known without reading it; null when it can.</summary>
    public DatabaseUnusableException? Refusal() =>
        !File.Exists(options.DatabasePath) ? Missing() : _damaged;

    public DatabaseUnusableException Missing() => new(
        $"The database file {options.DatabasePath} is missing. Restore it from the latest backup to that path, then restart the app.");

    public DatabaseUnusableException Damaged(string detail, Exception? inner = null) => new(
        $"The database file {options.DatabasePath} is damaged ({detail.TrimEnd('.')}). Restore the file from the latest backup (or move it away to start with an empty database), then start the app again.", inner);

    /// <summary>Remembers the damage, and drops pooled connections whose cached pages could hide it.</summary>
    public DatabaseUnusableException MarkDamaged(DatabaseUnusableException damage)
    {
        _damaged = damage;
        SqliteConnection.ClearAllPools();
        return damage;
    }

    public void MarkSound()
    {
        if (_damaged is null) return;
        _damaged = null;
        SqliteConnection.ClearAllPools();
    }

    /// <summary>SQLite's verdict that the file is not a (sound) database: corrupt or not a database at all.</summary>
    public static bool IsDamage(SqliteException e) => e.SqliteErrorCode is 11 or 26; // SQLITE_CORRUPT, SQLITE_NOTADB

    /// <summary>The file cannot be opened, read or written where it was (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_READONLY_DBMOVED).</summary>
    public static bool IsLoss(SqliteException e) => e.SqliteErrorCode is 10 or 14 || e.SqliteExtendedErrorCode == 1032;

    /// <summary>
    /// A real read of the whole file on a connection of its own, with no pooled pages to hide damage: null when
    /// SQLite finds it sound, else the reason.
    /// </summary>
    public async Task<DatabaseUnusableException?> CheckAsync(CancellationToken ct)
    {
        if (!File.Exists(options.DatabasePath)) return Missing();
        var fresh = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = false };
        try
        {
            await using var connection = new SqliteConnection(fresh.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1);";
            var verdict = (await command.ExecuteScalarAsync(ct))?.ToString();
            return verdict == "ok" ? null : Damaged(verdict ?? "no answer to quick_check");
        }
        catch (SqliteException e) when (IsDamage(e))
        {
            return Damaged(e.Message, e);
        }
        catch (SqliteException e) when (IsLoss(e))
        {
            return File.Exists(options.DatabasePath) ? new DatabaseUnusableException($"The database file {options.DatabasePath} cannot be read: {e.Message}", e) : Missing();
        }
    }
}

/// <summary>
/// Puts <see cref="DatabaseGuard"/> in front of every connection the stores open and behind every command they
/// run: a missing or damaged file ends the request as <see cref="DatabaseUnusableException"/> (which the doors
/// answer with 503), not as an SQLite error.
/// </summary>
internal sealed class DatabaseGuardInterceptor(DatabaseGuard guard) : DbConnectionInterceptor, IDbCommandInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        guard.Refusal() is { } refusal ? throw refusal : result;

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken ct = default) =>
        guard.Refusal() is { } refusal ? throw refusal : ValueTask.FromResult(result);

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Translate(eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken ct = default)
    {
        Translate(eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Translate(eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken ct = default)
    {
        Translate(eventData.Exception);
        return Task.CompletedTask;
    }

    private void Translate(Exception e)
    {
        if (e is not SqliteException sqlite) return;
        if (DatabaseGuard.IsDamage(sqlite)) throw guard.MarkDamaged(guard.Damaged(sqlite.Message, sqlite));
        if (DatabaseGuard.IsLoss(sqlite)) throw guard.Refusal() ?? new DatabaseUnusableException($"The database file {guard.DatabasePath} cannot be used: {sqlite.Message}", sqlite);
    }
}
