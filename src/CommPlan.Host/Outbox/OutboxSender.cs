using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text.Json;
using CommPlan.Application.Storage;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;
using CommPlan.Host.Web;

namespace CommPlan.Host.Outbox;

/// <summary>
/// Delivers the outbox. Each round it reads the due entries (one per conversation, the oldest), paces them with the
/// Teams limits (a request counts in the windows until its answer is back, so they hold as Teams measures them on
/// arrival, however long requests take on the way), claims each one (committed before the request) and sends it, at most one request per conversation
/// and <see cref="OutboxOptions.MaxParallelSends"/> overall. It sleeps until woken by a new entry or a finished send,
/// or until the next entry or rate-limit slot is due.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes, ConnectorOptions connector, TeamsRateLimiter limiter, OutboxSignal signal, OutboxOptions options, OutboxMetrics metrics,
    TimeProvider time, ILogger<OutboxSender> log) : BackgroundService
{
    /// <summary>Looked at again at least this often, whatever the store says.</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    /// <summary>
    /// While the limits hold sends back, the loop wakes when the next slot opens, but not more often than this (the
    /// clock's resolution): a slot left unused is a send lost from the drain's pace.
    /// </summary>
    private static readonly TimeSpan PacedRound = TimeSpan.FromMilliseconds(2);

    private static readonly HashSet<string> Unreachable = new(StringComparer.OrdinalIgnoreCase)
    {
        SubCodes.MessageWritesBlocked, SubCodes.ConversationBlockedByUser, SubCodes.BotNotInConversationRoster, SubCodes.BotDisabledByAdmin,
    };

    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abortSends = new();
    private readonly Queue<(DateTimeOffset At, string ConversationId)> _recentThrottles = new();
    private static readonly TimeSpan DueListLifetime = TimeSpan.FromMilliseconds(250);
    private List<OutboxEntry> _due = [];
    private DateTimeOffset _dueReadAt;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A graceful stop lets requests in flight finish and records their outcome; when the host stops waiting, they
        // are abandoned and stay Sending, to be sent again after the restart.
        await using var abort = cancellationToken.Register(AbortSends);
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (connector.SendsTokens) log.LogInformation("Sending to Teams as bot {AppId} with tokens from {Authority}.", connector.AppId, connector.EffectiveAuthority);
        else log.LogInformation("No Bot:AppId is configured: activities are sent without a token, to local clients (Agents Playground) only.");
        await RememberRecentSendsAsync(stoppingToken);
        var released = await WithOutbox(o => o.ReleaseInterruptedAsync(time.GetUtcNow(), stoppingToken));
        if (released > 0)
            log.LogWarning("{Count} outgoing activities were being sent when the app stopped; they are sent again (Teams may show them twice).", released);

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan sleep;
                var paced = false;
                try
                {
                    (sleep, paced) = await DispatchAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "The outbox could not be read; trying again shortly.");
                    sleep = options.MinBackoff;
                }
                // Held back by the limits, nothing can go before a slot frees: finished sends and new entries need not
                // wake the loop for another look at the store until then.
                if (paced) await Task.Delay(sleep < PacedRound ? PacedRound : sleep, time, stoppingToken);
                else await signal.WaitAsync(sleep, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(_inFlight.Values);
        }
    }

    /// <summary>
    /// Teams counts a conversation's requests over the last hour whatever happened to the app meanwhile: the requests
    /// of that hour, as the outbox recorded them, count in the limiter's windows again after a restart.
    /// </summary>
    private async Task RememberRecentSendsAsync(CancellationToken ct)
    {
        var longest = limiter.Limits.PerConversation.Concat(limiter.Limits.Global).Select(l => l.Window).DefaultIfEmpty(TimeSpan.Zero).Max()
            + limiter.Limits.SafetyMargin;
        var now = time.GetUtcNow();
        var attempts = await WithOutbox(o => o.ListAttemptsSinceAsync(now - longest, ct));
        // A request in flight when the app stopped may have reached Teams at any moment until then: count it as now.
        foreach (var attempt in attempts) limiter.Seed(attempt.ConversationId, attempt.Answered ? attempt.At : now);
        if (attempts.Count > 0)
            log.LogInformation("{Count} requests to Teams in the last {Window} count against the rate limits after the restart.", attempts.Count, longest);
    }

    /// <returns>How long to sleep unless woken, and whether the rate limits held entries back.</returns>
    private async Task<(TimeSpan Sleep, bool Paced)> DispatchAsync(CancellationToken ct)
    {
        if (_inFlight.Count >= options.MaxParallelSends) return (Timeout.InfiniteTimeSpan, false); // a finished send wakes us
        var now = time.GetUtcNow();
        // The app-wide window holds every entry back alike: with entries known to wait, nothing to look at until it opens.
        var appWait = limiter.GlobalWait();
        if (appWait > TimeSpan.Zero && _due.Count > 0) return (appWait, true);
        // While paced, the due list read a moment ago is still good: a stale entry just fails to be claimed.
        if (_due.Count == 0 || now - _dueReadAt > DueListLifetime) await ReadDueAsync(now, ct);
        var due = _due.ToArray();
        var sleep = LongestSleep;
        var dispatched = 0;
        var paced = false;
        foreach (var entry in due)
        {
            if (_inFlight.Count >= options.MaxParallelSends) return (Timeout.InfiniteTimeSpan, false);
            if (_inFlight.ContainsKey(entry.ConversationId)) continue;
            var wait = limiter.TryAcquire(entry.ConversationId, out var lease);
            if (wait > TimeSpan.Zero || lease is null)
            {
                paced = true;
                if (wait < sleep) sleep = wait;
                continue;
            }
            _due.Remove(entry);
            OutboxEntry? claimed;
            try
            {
                claimed = await WithOutbox(o => o.ClaimAsync(entry.Id, time.GetUtcNow(), ct));
            }
            catch
            {
                lease.Complete();
                throw;
            }
            if (claimed is null)
            {
                lease.Complete();
                continue;
            }
            var sending = new TaskCompletionSource();
            _inFlight[claimed.ConversationId] = sending.Task;
            dispatched++;
            _ = Task.Run(async () =>
            {
                try
                {
                    await SendAsync(claimed, lease);
                }
                catch (Exception e)
                {
                    // Only when even recording an outcome failed: the entry stays Sending and goes again after a restart.
                    log.LogError(e, "Outbox {EntryId}: the outcome of {Operation} to {ConversationId} could not be recorded.", claimed.Id, claimed.Operation, claimed.ConversationId);
                }
                finally
                {
                    // Teams counts the request when it arrives, which may be any time until the answer is back.
                    lease.Complete();
                    _inFlight.TryRemove(claimed.ConversationId, out _);
                    sending.SetResult();
                    signal.Wake();
                }
            }, CancellationToken.None);
            // That send may have filled the app's window: then no other entry can go this round.
            appWait = limiter.GlobalWait();
            if (appWait > TimeSpan.Zero)
            {
                paced = true;
                if (appWait < sleep) sleep = appWait;
                break;
            }
        }
        if (due.Length == options.BatchSize && dispatched == due.Length) return (TimeSpan.Zero, false);
        if (!paced) _due.Clear();
        if (paced)
        {
            // Read the due list again while waiting for the next slot, not when the slot has opened.
            var before = time.GetUtcNow();
            if (before - _dueReadAt <= DueListLifetime) return (sleep, true);
            await ReadDueAsync(before, ct);
            return (sleep - (time.GetUtcNow() - before), true);
        }
        var next = await WithOutbox(o => o.NextDueAtAsync(ct));
        if (next is { } at && at > now && at - now < sleep) sleep = at - now;
        return (sleep, false);
    }

    private async Task ReadDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        _due = [.. await WithOutbox(o => o.ListDueAsync(now, options.BatchSize, ct))];
        _dueReadAt = now;
    }

    /// <param name="lease">Completed as soon as the answer is back: Teams has counted the request by then, and the
    /// write recording the outcome need not hold the slot.</param>
    private async Task SendAsync(OutboxEntry entry, RateLease lease)
    {
        var abort = _abortSends.Token;
        await using var scope = scopes.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutboxStore>();
        var conversations = scope.ServiceProvider.GetRequiredService<IConversationStore>();
        var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();
        // Outcomes are recorded even while stopping: a recorded result is what keeps a message from going twice.
        var record = CancellationToken.None;
        var delivered = false;
        ConversationRecord? conversation = null;
        try
        {
            // A reply in a channel thread goes to the thread's id; the record is the channel's.
            conversation = await conversations.GetAsync(ConversationIds.Base(entry.ConversationId), abort);
            if (conversation is null)
            {
                await Fail(outbox, entry, "The app has no record of this conversation (it was never installed there).");
                return;
            }
            if (conversation.State != ConversationState.Active)
            {
                await Dead(outbox, conversations, entry, conversation, $"The conversation is {conversation.State}" + (conversation.StateReason is { } r ? $" ({r})" : "") + ".", markConversation: false);
                return;
            }
            var serviceUrl = new Uri(conversation.ServiceUrl);
            var activity = entry.Operation == OutboxOperation.Delete ? null : JsonSerializer.Deserialize<Activity>(entry.PayloadJson, ProtocolJson.Options);
            string? activityId;
            switch (entry.Operation)
            {
                case OutboxOperation.Send:
                    activityId = (await connector.SendToConversationAsync(serviceUrl, entry.ConversationId, activity!, abort)).Id;
                    break;
                case OutboxOperation.Update or OutboxOperation.Delete:
                    activityId = entry.TargetActivityId ?? await outbox.FindSentActivityIdAsync(entry.TargetCorrelationKey!, abort);
                    if (activityId is null)
                    {
                        await Fail(outbox, entry, $"The message to {(entry.Operation == OutboxOperation.Update ? "update" : "delete")} ({entry.TargetCorrelationKey}) was never sent.");
                        return;
                    }
                    if (entry.Operation == OutboxOperation.Update) await connector.UpdateActivityAsync(serviceUrl, entry.ConversationId, activityId, activity!, abort);
                    else await connector.DeleteActivityAsync(serviceUrl, entry.ConversationId, activityId, abort);
                    break;
                default:
                    throw new InvalidOperationException("Unknown operation " + entry.Operation);
            }
            lease.Complete();
            delivered = true;
            await RecordAsync(() => outbox.MarkSentAsync(entry.Id, activityId, time.GetUtcNow(), record), entry);
            metrics.Sent.Add(1);
            log.LogDebug("Outbox {EntryId}: {Operation} to {ConversationId} done, activity {ActivityId}.", entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId), LogValue.Bound(activityId));
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            log.LogWarning("Outbox {EntryId}: {Operation} to {ConversationId} was abandoned while stopping; it is sent again after the restart.",
                entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId));
        }
        catch (ConnectorException e) when (e.StatusCode == HttpStatusCode.NotFound && e.Is(SubCodes.ConversationNotFound)
            && entry.Operation == OutboxOperation.Send && IsReminder(entry) && conversation is { Kind: ConversationKind.Personal, UserAadObjectId.Length: > 0 })
        {
            await ReopenAndSendAsync(scope.ServiceProvider, outbox, conversations, connector, entry, conversation, e, abort);
        }
        catch (ConnectorException e)
        {
            await OnRefusedAsync(outbox, conversations, entry, conversation!, e);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ConnectorAuthenticationException)
        {
            // Network trouble, a timeout, or no token: may well pass.
            await RetryOrFail(outbox, entry, e is OperationCanceledException ? "The request timed out." : e.Message);
        }
        catch (Exception e) when (IsStorageFault(e))
        {
            // The app's own database failed (busy, or briefly unable): Teams refused nothing, so the entry goes again.
            if (delivered)
                log.LogError(e, "Outbox {EntryId}: {Operation} to {ConversationId} was done but cannot be recorded; it is sent again and may show twice.",
                    entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId));
            else log.LogWarning(e, "Outbox {EntryId}: the app's database failed before {Operation} to {ConversationId}.", entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId));
            await RetryOrFail(outbox, entry, "The app's database failed: " + e.Message);
        }
        catch (Exception e)
        {
            log.LogError(e, "Outbox {EntryId}: {Operation} to {ConversationId} cannot be sent.", entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId));
            await Fail(outbox, entry, e.Message);
        }
    }

    /// <summary>
    /// Teams says the person's chat is gone (they deleted it): the 1:1 chat is created again and the message sent
    /// once more. Gone again, or not to be created, the entry is dead as conversationGone.
    /// </summary>
    private async Task ReopenAndSendAsync(IServiceProvider services, IOutboxStore outbox, IConversationStore conversations, ConnectorClient connector,
        OutboxEntry entry, ConversationRecord conversation, ConnectorException gone, CancellationToken abort)
    {
        var seen = conversation;
        try
        {
            var fresh = await services.GetRequiredService<PersonalChats>().CreateAsync(conversation.UserAadObjectId!, conversation.ServiceUrl, conversation.TenantId, abort);
            // Teams answers the same id for the same person: the record just written is then the one to judge.
            if (fresh.ConversationId == ConversationIds.Base(entry.ConversationId)) seen = await conversations.GetAsync(fresh.ConversationId, abort) ?? fresh;
            var activity = JsonSerializer.Deserialize<Activity>(entry.PayloadJson, ProtocolJson.Options)!;
            var activityId = (await connector.SendToConversationAsync(new Uri(fresh.ServiceUrl), fresh.ConversationId, activity, abort)).Id;
            log.LogInformation("Outbox {EntryId}: {ConversationId} was gone ({Reason}); sent after opening the chat again as {Fresh}.",
                entry.Id, LogValue.Bound(entry.ConversationId), LogValue.Bound(Describe(gone)), LogValue.Bound(fresh.ConversationId));
            await RecordAsync(() => outbox.MarkSentAsync(entry.Id, activityId, time.GetUtcNow(), CancellationToken.None), entry);
            metrics.Sent.Add(1);
        }
        catch (ConnectorException again) when ((int)again.StatusCode is 403 or 404)
        {
            await Dead(outbox, conversations, entry, seen, ConversationGone + ": " + Describe(again), markConversation: true);
        }
        catch (ConnectorException again)
        {
            await OnRefusedAsync(outbox, conversations, entry, seen, again);
        }
    }

    /// <summary>
    /// A deadline reminder: worth opening the person's chat again for, as nobody else tells them. Other messages
    /// answer something the person did in that chat, and go with it.
    /// </summary>
    private static bool IsReminder(OutboxEntry entry) =>
        entry.CorrelationKey?.StartsWith(Features.Reminders.TeamsReminderNotifier.CorrelationPrefix, StringComparison.Ordinal) == true;

    /// <summary>The reason an entry is dead with when the person's chat was gone and could not be opened again.</summary>
    public const string ConversationGone = "conversationGone";

    private async Task OnRefusedAsync(IOutboxStore outbox, IConversationStore conversations, OutboxEntry entry, ConversationRecord conversation, ConnectorException e)
    {
        var status = (int)e.StatusCode;
        if (e.StatusCode == HttpStatusCode.TooManyRequests)
        {
            metrics.Throttled.Add(1);
            if (PastHorizon(entry))
            {
                await GiveUp(outbox, entry, Describe(e));
                return;
            }
            var wait = e.RetryAfter ?? Backoff(entry.Attempts);
            if (AppLooksThrottled(entry.ConversationId))
            {
                // Briefly: the throttled conversations wait their own Retry-After; the others only slow down.
                var pause = wait < options.AppThrottledPause ? wait : options.AppThrottledPause;
                limiter.PauseAll(pause);
                log.LogWarning("Teams throttles the app as a whole; every send waits {Pause}.", pause);
            }
            log.LogInformation("Outbox {EntryId}: throttled in {ConversationId}; next attempt in {Wait}.", entry.Id, LogValue.Bound(entry.ConversationId), wait);
            await RecordAsync(() => outbox.RetryLaterAsync(entry.Id, time.GetUtcNow() + wait, Describe(e), time.GetUtcNow(), CancellationToken.None), entry);
            return;
        }
        if (status is 412 or 408 or 500 or 502 or 503 or 504)
        {
            await RetryOrFail(outbox, entry, Describe(e));
            return;
        }
        var unreachable = (e.StatusCode == HttpStatusCode.Forbidden && (Unreachable.Contains(e.Code ?? "") || Unreachable.Contains(e.SubCode ?? "")))
            || (e.StatusCode == HttpStatusCode.NotFound && (e.Is(SubCodes.ConversationNotFound) || entry.Operation == OutboxOperation.Send));
        if (unreachable)
        {
            await Dead(outbox, conversations, entry, conversation, Describe(e), markConversation: true);
            return;
        }
        await Fail(outbox, entry, Describe(e));
    }

    /// <summary>A transient failure: tried again after a backoff until the horizon has passed, then given up.</summary>
    private async Task RetryOrFail(IOutboxStore outbox, OutboxEntry entry, string error)
    {
        if (PastHorizon(entry))
        {
            await GiveUp(outbox, entry, error);
            return;
        }
        var wait = Backoff(entry.Attempts);
        metrics.Retried.Add(1);
        log.LogInformation("Outbox {EntryId}: {Error}; attempt {Attempt} in {Wait} (given up {GiveUpAt:u}).", entry.Id, LogValue.Bound(error), entry.Attempts + 1, wait,
            entry.CreatedAt + options.GiveUpAfter);
        await RecordAsync(() => outbox.RetryLaterAsync(entry.Id, time.GetUtcNow() + wait, error, time.GetUtcNow(), CancellationToken.None), entry);
    }

    private bool PastHorizon(OutboxEntry entry) => time.GetUtcNow() - entry.CreatedAt >= options.GiveUpAfter;

    /// <summary>Stable, for operators' alerts: an outgoing activity was given up after failing transiently for the whole horizon.</summary>
    public static readonly EventId GaveUpEvent = new(1201, "OutboxGaveUp");

    /// <summary>Teams refused an outgoing activity for good (e.g. 400): retrying the same request cannot help.</summary>
    public static readonly EventId RefusedEvent = new(1202, "OutboxRefused");

    private async Task GiveUp(IOutboxStore outbox, OutboxEntry entry, string error)
    {
        metrics.Failed.Add(1);
        log.LogError(GaveUpEvent, "Outbox {EntryId}: {Operation} to {ConversationId} given up after {Attempts} attempts since {Since:u}: {Error}. " +
            "It is listed at GET /api/outbox/failed and can be put back with POST /api/outbox/failed/requeue.",
            entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId), entry.Attempts, entry.CreatedAt, LogValue.Bound(error));
        var reason = $"Gave up after {entry.Attempts} attempts in {Describe(time.GetUtcNow() - entry.CreatedAt)}: {error}";
        await RecordAsync(() => outbox.MarkFailedAsync(entry.Id, reason, time.GetUtcNow(), CancellationToken.None), entry);
    }

    private static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} h" : span >= TimeSpan.FromMinutes(1) ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0.#} s";

    private async Task Fail(IOutboxStore outbox, OutboxEntry entry, string error)
    {
        metrics.Failed.Add(1);
        log.LogWarning(RefusedEvent, "Outbox {EntryId}: {Operation} to {ConversationId} failed: {Error}", entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId), LogValue.Bound(error));
        await RecordAsync(() => outbox.MarkFailedAsync(entry.Id, error, time.GetUtcNow(), CancellationToken.None), entry);
    }

    /// <summary>
    /// The entry is not sent: its conversation cannot be reached. The conversation is marked Dead only if nothing
    /// changed it since it was read for this send (a reinstall meanwhile revives it, and its new messages must go out),
    /// and only this entry is marked: each later one is judged when it comes up, against the conversation as it is then.
    /// </summary>
    private async Task Dead(IOutboxStore outbox, IConversationStore conversations, OutboxEntry entry, ConversationRecord seen, string reason, bool markConversation)
    {
        var now = time.GetUtcNow();
        if (markConversation)
        {
            if (!await conversations.SetStateIfUnchangedAsync(ConversationIds.Base(entry.ConversationId), ConversationState.Dead, reason, seen.UpdatedAt, now, CancellationToken.None))
            {
                log.LogInformation("Outbox {EntryId}: {ConversationId} answered {Reason}, but the conversation changed meanwhile; trying again.",
                    entry.Id, LogValue.Bound(entry.ConversationId), LogValue.Bound(reason));
                await RecordAsync(() => outbox.RetryLaterAsync(entry.Id, now + Backoff(1), reason, now, CancellationToken.None), entry);
                return;
            }
            log.LogWarning("Conversation {ConversationId} cannot be reached ({Reason}); nothing more is sent to it until it is installed again.",
                LogValue.Bound(entry.ConversationId), LogValue.Bound(reason));
        }
        await RecordAsync(() => outbox.MarkDeadAsync(entry.Id, reason, now, CancellationToken.None), entry);
        metrics.Dead.Add(1);
        log.LogInformation("Outbox {EntryId}: {Operation} to {ConversationId} not sent: {Reason}", entry.Id, entry.Operation, LogValue.Bound(entry.ConversationId), LogValue.Bound(reason));
    }

    /// <summary>
    /// Writes an outcome, again after a pause while the database refuses: a store that fails for a moment must turn
    /// neither a delivered message into one sent twice nor a passing failure into a lost one.
    /// </summary>
    private async Task RecordAsync(Func<Task> write, OutboxEntry entry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (Exception e) when (IsStorageFault(e) && attempt < RecordAttempts)
            {
                log.LogWarning(e, "Outbox {EntryId}: the outcome could not be recorded (attempt {Attempt}); trying again.", entry.Id, attempt);
                await Task.Delay(Backoff(attempt), time, CancellationToken.None);
            }
        }
    }

    /// <summary>Tries at writing one outcome before the entry is left Sending, to go again after a restart.</summary>
    private const int RecordAttempts = 5;

    /// <summary>An error of the app's own database (SQLite busy, locked, or failing a statement), not of Teams.</summary>
    private static bool IsStorageFault(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is DbException) return true;
        return false;
    }

    /// <summary>Exponential from the minimum, capped, with jitter so that retries of many entries spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = options.MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var capped = Math.Min(exponential, options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    /// <summary>Several conversations throttled within a second: the app limit, not one conversation's.</summary>
    private bool AppLooksThrottled(string conversationId)
    {
        var now = time.GetUtcNow();
        lock (_recentThrottles)
        {
            _recentThrottles.Enqueue((now, conversationId));
            while (_recentThrottles.Count > 0 && now - _recentThrottles.Peek().At > TimeSpan.FromSeconds(1)) _recentThrottles.Dequeue();
            return _recentThrottles.Select(t => t.ConversationId).Distinct().Count() >= options.ThrottledConversationsForPause;
        }
    }

    private static string Describe(ConnectorException e) =>
        $"{(int)e.StatusCode} {e.Code ?? e.StatusCode.ToString()}" + (e.SubCode is null ? "" : " " + e.SubCode) +
        (string.IsNullOrWhiteSpace(e.ErrorMessage) || e.ErrorMessage.StartsWith('{') ? "" : ": " + e.ErrorMessage);

    private async Task<T> WithOutbox<T>(Func<IOutboxStore, Task<T>> action)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IOutboxStore>());
    }

    private void AbortSends()
    {
        try
        {
            _abortSends.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // stopped and disposed already: nothing in flight
        }
    }

    public override void Dispose()
    {
        _abortSends.Dispose();
        base.Dispose();
    }
}
