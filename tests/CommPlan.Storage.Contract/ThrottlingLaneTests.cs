using Stopwatch = System.Diagnostics.Stopwatch;
using CommPlan.Application;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommPlan.Storage.Contract;

/// <summary>
/// SharePoint throttling in two lanes, against the loopback Graph: a person's request waits out only a short
/// Retry-After and otherwise fails at once, and nothing is sent while the window is open; bulk work waits it out.
/// </summary>
public sealed class ThrottlingLaneTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private GraphEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GraphEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_read_told_to_wait_two_minutes_fails_at_once_and_the_next_read_sends_nothing()
    {
        var (app, plan, _) = await ProvisionedAsync(0);
        await ReadAsync(app, plan.Id);
        _env.Graph.ThrottleNext(1, TimeSpan.FromSeconds(120));
        _env.Graph.ResetCounters();

        var clock = Stopwatch.StartNew();
        var busy = await Assert.ThrowsAsync<SharePointBusyException>(() => ReadAsync(app, plan.Id));
        var first = clock.Elapsed;
        var again = await Assert.ThrowsAsync<SharePointBusyException>(() => ReadAsync(app, plan.Id));

        // Well short of the two minutes it was told to wait, however slow the machine.
        Assert.True(first < TimeSpan.FromSeconds(60), $"the read took {first}");
        Assert.Equal(120, busy.RetryAfterSeconds);
        Assert.InRange(again.RetryAfterSeconds, 110, 120);
        Assert.Equal(1, _env.Graph.RequestCount);
    }

    [Fact]
    public async Task A_read_told_to_wait_a_second_waits_and_succeeds()
    {
        var (app, plan, activities) = await ProvisionedAsync(3);
        await ImportAsync(app, activities);
        _env.Graph.ThrottleNext(1, TimeSpan.FromSeconds(1));
        _env.Graph.ResetCounters();

        var clock = Stopwatch.StartNew();
        var read = await ReadAsync(app, plan.Id);

        Assert.Equal(3, read.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"the read took {clock.Elapsed}");
        Assert.Equal(2, _env.Graph.RequestCount);
        Assert.Equal(1, _env.Graph.ThrottledCount);
    }

    [Fact]
    public async Task An_import_waits_out_throttled_steps_a_person_would_not_wait_for_and_writes_every_item_once()
    {
        var (app, plan, activities) = await ProvisionedAsync(30, interactiveMaxWait: TimeSpan.FromSeconds(1));
        _env.Graph.ThrottleNext(3, TimeSpan.FromSeconds(2), batchStepsOnly: true);

        var clock = Stopwatch.StartNew();
        await ImportAsync(app, activities);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"the import took {clock.Elapsed}");
        Assert.Equal(3, _env.Graph.ThrottledCount);
        var items = _env.Graph.Items("Activity plan");
        Assert.Equal(30, items.Count);
        Assert.Equal(activities.Select(a => a.Id.ToString()).Order(), items.Select(i => (string?)i.Fields["ActivityId"]).Order());
        Assert.Equal(30, (await ReadAsync(app, plan.Id)).Count);
    }

    [Fact]
    public async Task Bulk_work_waits_for_the_window_that_turned_a_person_away_and_sends_only_after_it()
    {
        var (app, plan, _) = await ProvisionedAsync(0, interactiveMaxWait: TimeSpan.FromSeconds(1));
        await ReadAsync(app, plan.Id);
        _env.Graph.ThrottleNext(1, TimeSpan.FromSeconds(2));
        _env.Graph.ResetCounters();

        var busy = await Assert.ThrowsAsync<SharePointBusyException>(() => ReadAsync(app, plan.Id));
        using (GraphLane.Bulk()) await ReadAsync(app, plan.Id);

        Assert.Equal(2, busy.RetryAfterSeconds);
        // A read is one $batch of the plans' and the activities' deltas, whose steps Graph throttles one by one: the
        // person's batch had a step throttled, the bulk work's batch came after the window.
        var requests = _env.Graph.Requests;
        Assert.True(Assert.Single(requests, r => r.Status != 200).IsBatchStep);
        Assert.Equal(429, Assert.Single(requests, r => r.Status != 200).Status);
        var batches = requests.Where(r => !r.IsBatchStep).ToArray();
        Assert.Equal([200, 200], batches.Select(r => r.Status));
        var gap = batches[1].At - batches[0].At;
        Assert.True(gap >= TimeSpan.FromSeconds(1.9), $"bulk work sent again after {gap}");
    }

    [Fact]
    public async Task A_read_does_not_queue_behind_an_import_that_is_waiting_out_throttling()
    {
        var (app, plan, activities) = await ProvisionedAsync(5, interactiveMaxWait: TimeSpan.FromSeconds(1));
        await ReadAsync(app, plan.Id);
        // A window long enough that the read below falls inside it even on a slow machine.
        _env.Graph.ThrottleNext(1, TimeSpan.FromSeconds(10));

        var import = ImportAsync(app, activities);
        await Eventually.UntilAsync(() => _env.Graph.ThrottledCount > 0 || import.IsCompleted, TimeSpan.FromSeconds(60), "the import to be throttled");
        Assert.False(import.IsFaulted, import.Exception?.ToString());
        // Queued behind the import, the read would have shared its sync once the window closed and succeeded; turned
        // away, it fails with the window's rest.
        var busy = await Assert.ThrowsAsync<SharePointBusyException>(() => ReadAsync(app, plan.Id));
        await Eventually.WithinAsync(import, TimeSpan.FromSeconds(60), "the import to finish");

        Assert.InRange(busy.RetryAfterSeconds, 2, 10);
        Assert.Equal(5, _env.Graph.Items("Activity plan").Count);
    }

    [Fact]
    public async Task In_an_open_window_a_person_is_turned_away_until_its_rest_is_short_and_bulk_work_waits_for_its_end()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 8, 0, 0, TimeSpan.Zero));
        var throttle = new SharePointThrottle(new SharePointOptions { InteractiveMaxWait = TimeSpan.FromSeconds(5) }, time);
        throttle.Throttled(TimeSpan.FromSeconds(120));

        var refused = await Assert.ThrowsAsync<SharePointBusyException>(() => throttle.WaitTurnAsync(default));
        Task bulk;
        using (GraphLane.Bulk()) bulk = throttle.WaitTurnAsync(default);
        time.Advance(TimeSpan.FromSeconds(116));
        var person = throttle.WaitTurnAsync(default);
        Assert.False(bulk.IsCompleted);
        Assert.False(person.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(120, refused.RetryAfterSeconds);
        await Eventually.WithinAsync(bulk, TimeSpan.FromSeconds(30), "the bulk wait to end with the window");
        await Eventually.WithinAsync(person, TimeSpan.FromSeconds(30), "the person's wait to end with the window");
        await throttle.WaitTurnAsync(default);
    }

    private async Task<(IServiceProvider App, Plan Plan, Activity[] Activities)> ProvisionedAsync(int count, TimeSpan? interactiveMaxWait = null)
    {
        var options = _env.Options;
        if (interactiveMaxWait is { } wait) options.InteractiveMaxWait = wait;
        var app = await _env.CreateAppAsync(options);
        Assert.True((await GraphEnvironment.ProvisionAsync(app)).Succeeded);
        var plan = DemoPlan.BuildPlan(2026);
        await using (var scope = app.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(plan, default);
        var demo = DemoPlan.BuildActivities(plan, Today);
        var activities = Enumerable.Range(0, count).Select(i => Activity.FromSnapshot(demo[i % demo.Count].ToSnapshot() with
        {
            Id = Guid.NewGuid(),
            Title = $"{demo[i % demo.Count].Title} {i + 1}",
        })).ToArray();
        return (app, plan, activities);
    }

    private static async Task ImportAsync(IServiceProvider app, IReadOnlyCollection<Activity> activities)
    {
        await using var scope = app.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddRangeAsync(activities, default);
    }

    private static async Task<IReadOnlyList<Versioned<Activity>>> ReadAsync(IServiceProvider app, Guid planId)
    {
        await using var scope = app.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IActivityStore>().ListAsync(planId, default);
    }
}
