using CommPlan.Application.Storage;

namespace CommPlan.Storage.Contract;

/// <summary>The conversation and outbox stores under test and whatever must be disposed after.</summary>
/// <param name="Another">A second, independent store on the same data: another request or instance of the app.</param>
public sealed record OutboundStoresUnderTest(IConversationStore Conversations, IOutboxStore Outbox, IAsyncDisposable Owner, Func<IConversationStore> Another);

/// <summary>
/// What the app's own outbound stores must do: conversation references, and the outbox whose order, claiming and
/// recovery rules make delivery complete, ordered and free of duplicates.
/// </summary>
public abstract class OutboundContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private OutboundStoresUnderTest _stores = null!;

    protected abstract Task<OutboundStoresUnderTest> CreateStoresAsync();

    private IConversationStore Conversations => _stores.Conversations;
    private IOutboxStore Outbox => _stores.Outbox;

    public async Task InitializeAsync() => _stores = await CreateStoresAsync();

    public async Task DisposeAsync() => await _stores.Owner.DisposeAsync();

    private static ConversationRecord Personal(string id, string aadObjectId, ConversationState state = ConversationState.Active, DateTimeOffset? at = null) =>
        new(id, "https://smba.trafficmanager.net/emea/", "tenant-1", ConversationKind.Personal, "28:bot", "29:" + aadObjectId, aadObjectId,
            null, null, "sv-SE", state, null, at ?? T0);

    private Task<OutboxEntry> Enqueue(string conversation, string text, DateTimeOffset? at = null, string? key = null) =>
        Outbox.EnqueueAsync(new NewOutboxEntry(conversation, OutboxOperation.Send, $$"""{"type":"message","text":"{{text}}"}""", key), at ?? T0);

    [Fact]
    public async Task A_conversation_reads_back_and_an_upsert_replaces_it()
    {
        await Conversations.UpsertAsync(Personal("a:1", "u1"));
        await Conversations.UpsertAsync(Personal("a:1", "u1") with { ServiceUrl = "https://smba.trafficmanager.net/amer/", Locale = "nb-NO" });

        var read = await Conversations.GetAsync("a:1");

        Assert.Equal("https://smba.trafficmanager.net/amer/", read!.ServiceUrl);
        Assert.Equal("nb-NO", read.Locale);
        Assert.Equal(ConversationKind.Personal, read.Kind);
        Assert.Single(await Conversations.ListAsync());
        Assert.Null(await Conversations.GetAsync("a:2"));
    }

    [Fact]
    public async Task An_upsert_tells_the_state_before()
    {
        Assert.Null(await Conversations.UpsertAsync(Personal("a:1", "u1")));
        Assert.Equal(ConversationState.Active, await Conversations.UpsertAsync(Personal("a:1", "u1")));
        await Conversations.SetStateAsync("a:1", ConversationState.Removed, "uninstalled", T0);
        Assert.Equal(ConversationState.Removed, await Conversations.UpsertAsync(Personal("a:1", "u1")));
    }

    [Fact]
    public async Task Concurrent_upserts_of_a_new_conversation_insert_it_once()
    {
        // Teams sends installationUpdate and conversationUpdate for one install at the same moment.
        for (var round = 0; round < 20; round++)
        {
            var id = "a:race-" + round;
            var stores = Enumerable.Range(0, 4).Select(_ => _stores.Another()).ToArray();
            var before = await Task.WhenAll(stores.Select(s => Task.Run(() => s.UpsertAsync(Personal(id, "u" + round)))));
            Assert.Single(before, b => b is null);
            Assert.Equal(3, before.Count(b => b == ConversationState.Active));
        }
        Assert.Equal(20, (await Conversations.ListAsync()).Count);
    }

    [Fact]
    public async Task A_dead_conversation_keeps_its_reason_and_a_reinstall_revives_it()
    {
        await Conversations.UpsertAsync(Personal("a:1", "u1"));

        await Conversations.SetStateAsync("a:1", ConversationState.Dead, "MessageWritesBlocked", T0.AddHours(1));
        var dead = await Conversations.GetAsync("a:1");
        await Conversations.UpsertAsync(Personal("a:1", "u1", at: T0.AddHours(2)));

        Assert.Equal(ConversationState.Dead, dead!.State);
        Assert.Equal("MessageWritesBlocked", dead.StateReason);
        Assert.Equal(T0.AddHours(1), dead.UpdatedAt);
        Assert.Equal(ConversationState.Active, (await Conversations.GetAsync("a:1"))!.State);
        Assert.Single(await Conversations.ListAsync(ConversationState.Active));
        Assert.Empty(await Conversations.ListAsync(ConversationState.Dead));
    }

    [Fact]
    public async Task The_personal_conversation_of_a_user_is_found_by_object_id_the_active_one_first()
    {
        await Conversations.UpsertAsync(Personal("a:old", "u1", ConversationState.Removed, T0.AddDays(1)));
        await Conversations.UpsertAsync(Personal("a:new", "u1", at: T0));
        await Conversations.UpsertAsync(Personal("19:chat@thread.v2", "u1") with { Kind = ConversationKind.GroupChat });

        Assert.Equal("a:new", (await Conversations.FindPersonalAsync("u1"))!.ConversationId);
        Assert.Null(await Conversations.FindPersonalAsync("u2"));
    }

    [Fact]
    public async Task Only_the_oldest_unfinished_entry_of_a_conversation_is_due()
    {
        var a1 = await Enqueue("a", "1");
        var b1 = await Enqueue("b", "1");
        await Enqueue("a", "2");

        var due = await Outbox.ListDueAsync(T0, 10);

        Assert.Equal([a1.Id, b1.Id], due.Select(e => e.Id));
        Assert.True(a1.Sequence < b1.Sequence);
        Assert.Equal(OutboxState.Pending, due[0].State);
    }

    [Fact]
    public async Task A_claimed_entry_is_Sending_with_its_attempt_counted_and_holds_its_conversation()
    {
        var a1 = await Enqueue("a", "1");
        var a2 = await Enqueue("a", "2");

        var claimed = await Outbox.ClaimAsync(a1.Id, T0);

        Assert.Equal(OutboxState.Sending, claimed!.State);
        Assert.Equal(1, claimed.Attempts);
        Assert.Null(await Outbox.ClaimAsync(a1.Id, T0));
        Assert.Null(await Outbox.ClaimAsync(a2.Id, T0));
        Assert.Empty(await Outbox.ListDueAsync(T0, 10));
        Assert.Null(await Outbox.NextDueAtAsync());
    }

    [Fact]
    public async Task A_sent_entry_records_its_activity_id_and_lets_the_next_one_through()
    {
        var a1 = await Enqueue("a", "1", key: "approval:42");
        var a2 = await Enqueue("a", "2");
        await Outbox.ClaimAsync(a1.Id, T0);

        await Outbox.MarkSentAsync(a1.Id, "1700000000123", T0.AddSeconds(1));

        var sent = await Outbox.GetAsync(a1.Id);
        Assert.Equal(OutboxState.Sent, sent!.State);
        Assert.True(sent.IsFinished);
        Assert.Equal("1700000000123", sent.SentActivityId);
        Assert.Equal("1700000000123", await Outbox.FindSentActivityIdAsync("approval:42"));
        Assert.Null(await Outbox.FindSentActivityIdAsync("approval:43"));
        Assert.Equal(a2.Id, Assert.Single(await Outbox.ListDueAsync(T0, 10)).Id);
    }

    [Fact]
    public async Task A_retried_entry_waits_until_its_time_and_its_conversation_waits_with_it()
    {
        var a1 = await Enqueue("a", "1");
        await Enqueue("a", "2");
        var b1 = await Enqueue("b", "1");
        await Outbox.ClaimAsync(a1.Id, T0);

        await Outbox.RetryLaterAsync(a1.Id, T0.AddSeconds(5), "429 Too Many Requests", T0);

        Assert.Equal([b1.Id], (await Outbox.ListDueAsync(T0.AddSeconds(4), 10)).Select(e => e.Id));
        Assert.Equal(new HashSet<Guid> { a1.Id, b1.Id }, (await Outbox.ListDueAsync(T0.AddSeconds(5), 10)).Select(e => e.Id).ToHashSet());
        Assert.Equal("429 Too Many Requests", (await Outbox.GetAsync(a1.Id))!.LastError);
        await Outbox.ClaimAsync(b1.Id, T0);
        Assert.Equal(T0.AddSeconds(5), await Outbox.NextDueAtAsync());
    }

    [Fact]
    public async Task A_failed_entry_is_final_and_the_conversation_goes_on()
    {
        var a1 = await Enqueue("a", "1");
        var a2 = await Enqueue("a", "2");
        await Outbox.ClaimAsync(a1.Id, T0);

        await Outbox.MarkFailedAsync(a1.Id, "400 BadArgument", T0);

        Assert.Equal(OutboxState.Failed, (await Outbox.GetAsync(a1.Id))!.State);
        Assert.Equal(a2.Id, Assert.Single(await Outbox.ListDueAsync(T0, 10)).Id);
    }

    [Fact]
    public async Task A_dead_conversation_takes_all_its_unfinished_entries_with_it()
    {
        var a1 = await Enqueue("a", "1");
        await Outbox.ClaimAsync(a1.Id, T0);
        await Outbox.MarkSentAsync(a1.Id, "1", T0);
        var a2 = await Enqueue("a", "2");
        await Enqueue("a", "3");
        var b1 = await Enqueue("b", "1");
        await Outbox.ClaimAsync(a2.Id, T0);

        var marked = await Outbox.MarkConversationDeadAsync("a", "403 MessageWritesBlocked", T0);

        Assert.Equal(2, marked);
        var a = await Outbox.ListAsync("a");
        Assert.Equal([OutboxState.Sent, OutboxState.Dead, OutboxState.Dead], a.Select(e => e.State));
        Assert.Equal("403 MessageWritesBlocked", a[2].LastError);
        Assert.Equal(b1.Id, Assert.Single(await Outbox.ListDueAsync(T0, 10)).Id);
    }

    [Fact]
    public async Task After_a_restart_entries_left_in_Sending_are_due_again_and_nothing_else_changes()
    {
        var a1 = await Enqueue("a", "1");
        var b1 = await Enqueue("b", "1");
        var c1 = await Enqueue("c", "1");
        await Outbox.ClaimAsync(a1.Id, T0);
        await Outbox.ClaimAsync(b1.Id, T0);
        await Outbox.MarkSentAsync(b1.Id, "9", T0);
        await Outbox.ClaimAsync(c1.Id, T0);
        await Outbox.RetryLaterAsync(c1.Id, T0.AddMinutes(1), "503", T0);

        var released = await Outbox.ReleaseInterruptedAsync(T0.AddSeconds(10));

        Assert.Equal(1, released);
        var due = Assert.Single(await Outbox.ListDueAsync(T0.AddSeconds(10), 10));
        Assert.Equal(a1.Id, due.Id);
        Assert.Equal(1, due.Attempts);
        Assert.Equal(OutboxState.Sent, (await Outbox.GetAsync(b1.Id))!.State);
    }

    [Fact]
    public async Task Entries_keep_their_payload_targets_and_order()
    {
        var send = await Enqueue("a", "1", key: "approval:1");
        var update = await Outbox.EnqueueAsync(new NewOutboxEntry("a", OutboxOperation.Update, """{"type":"message","text":"2"}""", TargetCorrelationKey: "approval:1"), T0);
        var delete = await Outbox.EnqueueAsync(new NewOutboxEntry("a", OutboxOperation.Delete, "{}", TargetActivityId: "1700"), T0);

        var all = await Outbox.ListAsync();

        Assert.Equal([send.Id, update.Id, delete.Id], all.Select(e => e.Id));
        Assert.Equal("""{"type":"message","text":"2"}""", all[1].PayloadJson);
        Assert.Equal("approval:1", all[1].TargetCorrelationKey);
        Assert.Equal(OutboxOperation.Delete, all[2].Operation);
        Assert.Equal("1700", all[2].TargetActivityId);
        Assert.Equal(T0, all[0].NextAttemptAt);
    }

    [Fact]
    public async Task Entries_written_together_keep_the_order_given_within_and_behind_earlier_ones()
    {
        var earlier = await Enqueue("a", "0");
        var written = await Outbox.EnqueueRangeAsync([
            new NewOutboxEntry("b", OutboxOperation.Send, """{"type":"message","text":"b1"}"""),
            new NewOutboxEntry("a", OutboxOperation.Send, """{"type":"message","text":"a1"}"""),
            new NewOutboxEntry("b", OutboxOperation.Send, """{"type":"message","text":"b2"}"""),
            new NewOutboxEntry("a", OutboxOperation.Send, """{"type":"message","text":"a2"}""", "approval:9"),
        ], T0);

        Assert.Equal(4, written.Count);
        Assert.Equal(4, written.Select(e => e.Id).Distinct().Count());
        Assert.Equal([earlier.Id, written[1].Id, written[3].Id], (await Outbox.ListAsync("a")).Select(e => e.Id));
        Assert.Equal([written[0].Id, written[2].Id], (await Outbox.ListAsync("b")).Select(e => e.Id));
        Assert.Equal("approval:9", (await Outbox.GetAsync(written[3].Id))!.CorrelationKey);
        Assert.Empty(await Outbox.EnqueueRangeAsync([], T0));
    }

    [Fact]
    public async Task Due_entries_come_oldest_due_first_and_at_most_the_asked_number()
    {
        for (var i = 0; i < 5; i++) await Enqueue("c" + i, "1", T0.AddSeconds(-i));

        var due = await Outbox.ListDueAsync(T0, 3);

        Assert.Equal(["c4", "c3", "c2"], due.Select(e => e.ConversationId));
    }

    [Fact]
    public async Task Failed_entries_are_listed_counted_and_put_back_in_the_queue_in_their_place()
    {
        var first = await Enqueue("a:1", "m1");
        var second = await Enqueue("a:1", "m2");
        var other = await Enqueue("a:2", "m3");
        await Outbox.ClaimAsync(first.Id, T0);
        await Outbox.MarkFailedAsync(first.Id, "Gave up after 30 attempts", T0.AddHours(24));
        await Outbox.ClaimAsync(other.Id, T0);
        await Outbox.MarkFailedAsync(other.Id, "400 BadArgument", T0.AddMinutes(1));

        Assert.Equal(2, await Outbox.CountFailedAsync());
        Assert.Equal([first.Id, other.Id], (await Outbox.ListFailedAsync(10)).Select(e => e.Id));
        Assert.Equal([first.Id], (await Outbox.ListFailedAsync(1)).Select(e => e.Id));

        Assert.Equal(1, await Outbox.RequeueFailedAsync([first.Id], T0.AddHours(25)));
        var requeued = await Outbox.GetAsync(first.Id);
        Assert.Equal(OutboxState.Pending, requeued!.State);
        Assert.Equal(0, requeued.Attempts);
        Assert.Equal(T0.AddHours(25), requeued.CreatedAt);
        // Back at the head of its conversation, before the message written after it.
        var due = await Outbox.ListDueAsync(T0.AddHours(25), 10);
        Assert.Contains(due, e => e.Id == first.Id);
        Assert.DoesNotContain(due, e => e.Id == second.Id);
        Assert.Null(await Outbox.ClaimAsync(second.Id, T0.AddHours(25)));
        Assert.Equal(1, await Outbox.CountFailedAsync());

        Assert.Equal(0, await Outbox.RequeueFailedAsync([second.Id], T0.AddHours(26)));
        Assert.Equal(1, await Outbox.RequeueFailedAsync(null, T0.AddHours(26)));
        Assert.Equal(0, await Outbox.CountFailedAsync());
        Assert.Empty(await Outbox.ListFailedAsync(10));
    }

    [Fact]
    public async Task The_attempts_since_a_time_are_the_claims_made_since_then_at_their_answer_or_in_flight()
    {
        var old = await Enqueue("a:0", "m0");
        var sent = await Enqueue("a:1", "m1");
        var failed = await Enqueue("a:2", "m2");
        var inFlight = await Enqueue("a:3", "m3");
        await Enqueue("a:4", "never tried");
        await Outbox.ClaimAsync(old.Id, T0);
        await Outbox.MarkSentAsync(old.Id, "1", T0);
        await Outbox.ClaimAsync(sent.Id, T0.AddMinutes(10));
        await Outbox.MarkSentAsync(sent.Id, "2", T0.AddMinutes(10).AddSeconds(1));
        await Outbox.ClaimAsync(failed.Id, T0.AddMinutes(11));
        await Outbox.MarkFailedAsync(failed.Id, "400", T0.AddMinutes(11));
        await Outbox.ClaimAsync(inFlight.Id, T0.AddMinutes(12));

        var attempts = await Outbox.ListAttemptsSinceAsync(T0.AddMinutes(5));

        Assert.Equal([new OutboxAttempt("a:1", T0.AddMinutes(10).AddSeconds(1)), new OutboxAttempt("a:2", T0.AddMinutes(11)),
                new OutboxAttempt("a:3", T0.AddMinutes(12), Answered: false)],
            attempts.OrderBy(a => a.At));
    }

    [Fact]
    public async Task Marking_one_entry_dead_leaves_the_later_entries_of_its_conversation_to_be_judged()
    {
        var first = await Enqueue("a:1", "m1");
        var second = await Enqueue("a:1", "m2");
        await Outbox.ClaimAsync(first.Id, T0);

        await Outbox.MarkDeadAsync(first.Id, "404 ConversationNotFound", T0);

        Assert.Equal(OutboxState.Dead, (await Outbox.GetAsync(first.Id))!.State);
        Assert.Equal("404 ConversationNotFound", (await Outbox.GetAsync(first.Id))!.LastError);
        Assert.Equal([second.Id], (await Outbox.ListDueAsync(T0, 10)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_state_change_on_condition_is_refused_once_the_record_changed()
    {
        await Conversations.UpsertAsync(Personal("a:1", "u1", at: T0));
        // Reinstalled after the sender read it.
        await Conversations.UpsertAsync(Personal("a:1", "u1", at: T0.AddMinutes(1)));

        Assert.False(await Conversations.SetStateIfUnchangedAsync("a:1", ConversationState.Dead, "404", T0, T0.AddMinutes(2)));
        Assert.Equal(ConversationState.Active, (await Conversations.GetAsync("a:1"))!.State);

        Assert.True(await Conversations.SetStateIfUnchangedAsync("a:1", ConversationState.Dead, "404", T0.AddMinutes(1), T0.AddMinutes(2)));
        var dead = await Conversations.GetAsync("a:1");
        Assert.Equal(ConversationState.Dead, dead!.State);
        Assert.Equal("404", dead.StateReason);
        Assert.False(await Conversations.SetStateIfUnchangedAsync("a:2", ConversationState.Dead, "404", T0, T0));
    }
}
