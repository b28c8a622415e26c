using System.Collections.Concurrent;
using CommPlan.Application.Storage;

namespace CommPlan.Host.Outbox;

/// <summary>
/// Group commit for the outbox: writers that arrive while a write is under way are written together in the next
/// transaction, so many concurrent turns cost one commit instead of one each. A turn's replies are still durable
/// before its activity is acknowledged — each caller returns only after the transaction holding its entries has
/// committed — and the order of writers is kept: entries are written in the order they were queued.
/// </summary>
/// <remarks>
/// There is no writer thread: whoever holds the gate writes everything queued so far, its own entries included, with
/// its own store. The database allows one writer at a time anyway (SQLite), and every open and close of a pooled
/// connection takes Microsoft.Data.Sqlite's pool lock, which under load cost more than the inserts.
/// </remarks>
public sealed class OutboxWriteBatcher
{
    /// <summary>At most this many entries in one transaction, so a burst does not hold the write lock for long.</summary>
    public const int MaxEntriesPerCommit = 256;

    public delegate Task<IReadOnlyList<OutboxEntry>> RangeWrite(IReadOnlyList<NewOutboxEntry> entries, DateTimeOffset at, CancellationToken ct);

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    private sealed class Pending(IReadOnlyList<NewOutboxEntry> entries)
    {
        public IReadOnlyList<NewOutboxEntry> Entries { get; } = entries;
        public TaskCompletionSource<IReadOnlyList<OutboxEntry>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>How many writers wait for the next commit.</summary>
    public int Waiting => _queue.Count;

    /// <summary>Writes the entries, in order, and returns them once committed.</summary>
    /// <param name="write">The store's range write (<see cref="IOutboxStore.EnqueueRangeAsync"/>), used if this caller writes.</param>
    public async Task<IReadOnlyList<OutboxEntry>> WriteAsync(IReadOnlyList<NewOutboxEntry> entries, RangeWrite write, TimeProvider time)
    {
        if (entries.Count == 0) return [];
        var mine = new Pending(entries);
        _queue.Enqueue(mine);
        // Not cancellable once queued: a caller that gave up while another wrote its entries must not believe they
        // were not written. The wait is one commit long.
        await _gate.WaitAsync();
        try
        {
            while (!mine.Done.Task.IsCompleted)
                await WriteQueuedAsync(write, time);
        }
        finally
        {
            _gate.Release();
        }
        return await mine.Done.Task;
    }

    private async Task WriteQueuedAsync(RangeWrite write, TimeProvider time)
    {
        var batch = new List<Pending>();
        var count = 0;
        while (_queue.TryPeek(out var next) && (count == 0 || count + next.Entries.Count <= MaxEntriesPerCommit) && _queue.TryDequeue(out next))
        {
            batch.Add(next);
            count += next.Entries.Count;
        }
        if (batch.Count == 0) return;
        try
        {
            var written = await write([.. batch.SelectMany(p => p.Entries)], time.GetUtcNow(), CancellationToken.None);
            var offset = 0;
            foreach (var pending in batch)
            {
                pending.Done.SetResult([.. written.Skip(offset).Take(pending.Entries.Count)]);
                offset += pending.Entries.Count;
            }
        }
        catch (Exception e)
        {
            // Nothing of the transaction was written: each caller fails, and its turn is not acknowledged.
            foreach (var pending in batch) pending.Done.TrySetException(e);
        }
    }
}
