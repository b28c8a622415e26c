using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommPlan.Host.Tests.Infrastructure;

/// <summary>
/// Makes chosen statements of the app's real SQLite database fail as SQLite failed them when a pooled connection was
/// handed back while a statement was still active (error 5), before they run.
/// </summary>
public sealed class FailingStatements : DbCommandInterceptor
{
    private const string Message = "SQLite Error 5: 'unable to delete/modify collation sequence due to active statements'.";
    private readonly Lock _gate = new();
    private Func<string, bool>? _matches;
    private int _remaining;

    /// <summary>How many statements were made to fail.</summary>
    public int Failed { get; private set; }

    /// <summary>The next <paramref name="count"/> statements whose SQL satisfies <paramref name="matches"/> fail.</summary>
    public void FailNext(int count, Func<string, bool> matches)
    {
        lock (_gate)
        {
            _matches = matches;
            _remaining = count;
        }
    }

    private void Check(DbCommand command)
    {
        lock (_gate)
        {
            if (_remaining == 0 || !_matches!(command.CommandText)) return;
            _remaining--;
            Failed++;
        }
        throw new SqliteException(Message, 5);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken ct = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken ct = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }
}
