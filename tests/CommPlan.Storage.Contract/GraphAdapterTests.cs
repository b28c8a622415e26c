using System.Text;
using System.Text.Json.Nodes;
using CommPlan.Application;
using CommPlan.Application.Demo;
using CommPlan.Application.Storage;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Kiota.Abstractions;
using Xunit.Abstractions;

namespace CommPlan.Storage.Contract;

/// <summary>What the SharePoint adapter costs in requests and how it behaves when Graph pushes back.</summary>
public sealed class GraphAdapterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private GraphEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GraphEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static IEnumerable<GraphRequestRecordView> Writes(IEnumerable<CommPlan.Testing.Graph.GraphRequestRecord> requests) =>
        requests.Where(r => r.Method != "GET" && !r.PathAndQuery.EndsWith("/$batch", StringComparison.Ordinal))
            .Select(r => new GraphRequestRecordView(r.Method, r.PathAndQuery));

    private sealed record GraphRequestRecordView(string Method, string Path);

    /// <summary>The list id in a request's path (/sites/{site}/lists/{list}/...).</summary>
    private static string ListOf(string pathAndQuery) => pathAndQuery.Split('?')[0].Split('/').SkipWhile(s => s != "lists").Skip(1).First();

    [Fact]
    public async Task Provisioning_creates_the_layout_and_a_second_run_writes_nothing()
    {
        var app = await _env.CreateAppAsync();

        var first = await GraphEnvironment.ProvisionAsync(app);
        var firstRequests = _env.Graph.RequestCount;
        _env.Graph.ResetCounters();
        var second = await GraphEnvironment.ProvisionAsync(app);

        output.WriteLine($"First provisioning: {firstRequests} requests, {first.Changes.Count} changes; second: {_env.Graph.RequestCount} requests.");
        Assert.True(first.Succeeded);
        Assert.Equal(7, first.Changes.Count);
        Assert.Empty(second.Changes);
        Assert.Empty(Writes(_env.Graph.Requests));
        Assert.True(_env.Graph.RequestCount <= 3, $"{_env.Graph.RequestCount} requests to see that nothing is missing");
        var columns = _env.Graph.Columns("Activity plan");
        foreach (var name in (string[])["ActivityId", "PlanId", "Deadline", "Unit", "Status", "OwnerObjectId"])
            Assert.True(columns.Single(c => c.Name == name).Indexed, name + " is indexed");
        Assert.Equal("checkBoxes", (string?)columns.Single(c => c.Name == "Channels").Definition["choice"]?["displayAs"]);
        Assert.Contains("Plan documents", _env.Graph.ListNames());
        Assert.Contains("Press releases", _env.Graph.ListNames());
    }

    [Fact]
    public async Task Provisioning_offers_the_plans_keys_as_choices_once()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, _) = await SavedPlanWithActivitiesAsync(app, 0);

        var upgrade = await GraphEnvironment.ProvisionAsync(app);
        var again = await GraphEnvironment.ProvisionAsync(app);

        Assert.Equal(3, upgrade.Changes.Count);
        Assert.Empty(again.Changes);
        var channels = _env.Graph.Columns("Activity plan").Single(c => c.Name == "Channels").Definition["choice"]!;
        Assert.Equal(plan.Channels.Select(c => c.Key).Order(StringComparer.Ordinal), channels["choices"]!.AsArray().Select(c => (string)c!));
        Assert.True((bool)channels["allowTextEntry"]!);
    }

    [Fact]
    public async Task Provisioning_with_only_a_write_grant_says_which_grant_it_needs()
    {
        _env.Graph.CanManageLists = false;
        var app = await _env.CreateAppAsync();

        var report = await GraphEnvironment.ProvisionAsync(app);

        Assert.False(report.Succeeded);
        Assert.Equal(7, report.Failures.Count);
        Assert.All(report.Failures, f => Assert.Contains("403 accessDenied (creating lists and columns needs a manage or fullcontrol grant", f));
    }

    [Fact]
    public async Task An_older_layout_is_upgraded_in_place_without_touching_its_items()
    {
        var options = _env.Options;
        var app = await _env.CreateAppAsync(options);
        var graph = app.GetRequiredService<GraphCalls>();
        // What an earlier version left: the list with a few columns, the deadline not indexed, and an item.
        var old = new JsonObject
        {
            ["displayName"] = options.ActivitiesList,
            ["list"] = new JsonObject { ["template"] = "genericList" },
            ["columns"] = new JsonArray(
                new JsonObject { ["name"] = "ActivityId", ["text"] = new JsonObject(), ["indexed"] = true },
                new JsonObject { ["name"] = "Deadline", ["dateTime"] = new JsonObject { ["format"] = "dateOnly" } }),
        };
        var list = await graph.SendAsync(GraphCalls.WithJson(graph.Client.Sites[_env.Graph.SiteId].Lists.ToPostRequestInformation(new()), old), default);
        await graph.SendAsync(GraphCalls.WithJson(graph.Client.Sites[_env.Graph.SiteId].Lists[list!.Value.GetProperty("id").GetString()].Items.ToPostRequestInformation(new()),
            new JsonObject { ["fields"] = new JsonObject { ["Title"] = "Kept", ["ActivityId"] = "x" } }), default);

        var report = await GraphEnvironment.ProvisionAsync(app);

        Assert.True(report.Succeeded);
        Assert.Contains(report.Changes, c => c == "Indexed column 'Deadline' of 'Activity plan'");
        Assert.Contains(report.Changes, c => c == "Added column 'Status' to 'Activity plan'");
        Assert.DoesNotContain(report.Changes, c => c.Contains("'ActivityId'"));
        Assert.True(_env.Graph.Columns("Activity plan").Single(c => c.Name == "Deadline").Indexed);
        Assert.Equal("Kept", (string?)Assert.Single(_env.Graph.Items("Activity plan")).Fields["Title"]);
        Assert.Empty((await GraphEnvironment.ProvisionAsync(app)).Changes);
    }

    [Fact]
    public async Task An_interrupted_provisioning_is_finished_by_the_next_run()
    {
        var cut = new CutBatchAfter(2);
        var app = await _env.CreateAppWithTransportAsync(cut);

        // A request that gets no answer ends as Graph being unavailable, its cause kept.
        var interrupted = await Assert.ThrowsAsync<CommPlan.Application.DependencyUnavailableException>(() => GraphEnvironment.ProvisionAsync(app));
        Assert.IsType<HttpRequestException>(interrupted.InnerException);
        Assert.Equal(2, _env.Graph.ListNames().Count(n => n is "Activity plan" or "Communication plans" or "Plan documents" or "Press releases"));

        var resumed = await GraphEnvironment.ProvisionAsync(app);

        Assert.True(resumed.Succeeded);
        Assert.Equal(5, resumed.Changes.Count);
        Assert.Empty((await GraphEnvironment.ProvisionAsync(app)).Changes);
    }

    [Fact]
    public async Task A_200_activity_import_costs_few_requests_and_reads_are_served_from_the_cache()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 200);

        _env.Graph.ResetCounters();
        await using (var scope = app.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddRangeAsync(activities, default);
        var import = _env.Graph.RequestCount;

        _env.Graph.RepeatDeltaChanges = true;
        var afterImport = await CountedReadAsync(app, plan);
        var warm = await CountedReadAsync(app, plan);
        var other = await _env.CreateAppAsync(database: "other.db");
        var cold = await CountedReadAsync(other, plan);
        var otherWarm = await CountedReadAsync(other, plan);

        output.WriteLine($"Page size {_env.Graph.PageSize}. Import of 200: {import} requests; first read after it: {afterImport.Requests}; warm read: {warm.Requests}; " +
            $"cold read on a new instance: {cold.Requests}; its warm read: {otherWarm.Requests}.");
        Assert.True(import <= 12, $"the import took {import} requests");
        Assert.Equal(1, warm.Requests);
        Assert.Equal(1, otherWarm.Requests);
        Assert.Equal(200, afterImport.Count);
        Assert.Equal(200, warm.Count);
        Assert.Equal(200, cold.Count);
        Assert.Equal(200, _env.Graph.Items("Activity plan").Count);
    }

    [Fact]
    public async Task Readers_arriving_together_share_one_delta_request()
    {
        // The Graph answers on a clock of its own that only the test moves: every reader has arrived before any answer.
        var graphTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await _env.DisposeAsync();
        _env = await GraphEnvironment.StartAsync(graphTime);
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 3);
        await using (var scope = app.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddRangeAsync(activities, default);
        await CountedReadAsync(app, plan);
        _env.Graph.Delay = TimeSpan.FromSeconds(1);
        _env.Graph.ResetCounters();

        var reads = Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var scope = app.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default);
        }).ToArray();
        var all = Task.WhenAll(reads);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!all.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < until, $"the 10 reads did not finish; the Graph got {_env.Graph.RequestCount} requests");
            graphTime.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(all, Task.Delay(20));
        }

        Assert.All(await all, r => Assert.Equal(3, r.Count));
        // The first reader's sync, and one more for those that arrived after it had started.
        Assert.InRange(_env.Graph.RequestCount, 1, 2);
    }

    [Fact]
    public async Task A_throttling_storm_ends_with_every_activity_written_once()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 45);
        var single = activities[^1];

        _env.Graph.ThrottleEvery(3, retryAfterSeconds: 1);
        await using (var scope = app.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();
            await store.AddRangeAsync(activities[..^1], default);
            var added = await store.AddAsync(single, default);
            single.ChangeStatus(ActivityStatus.InProgress, Today);
            await store.UpdateAsync(single, added.ETag, default);
        }
        var throttled = _env.Graph.ThrottledCount;
        _env.Graph.ThrottleEvery(0);

        output.WriteLine($"{throttled} requests or steps were throttled.");
        Assert.True(throttled > 5);
        var items = _env.Graph.Items("Activity plan");
        Assert.Equal(45, items.Count);
        Assert.Equal(45, items.Select(i => (string?)i.Fields["ActivityId"]).Distinct().Count());
        var read = await CountedReadAsync(app, plan);
        Assert.Equal(45, read.Count);
        Assert.True(_env.Graph.Requests.All(r => r.UserAgent?.StartsWith("NONISV|Nykopings-kommun|CommPlan/", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task An_import_that_SharePoint_refuses_in_part_is_taken_back_whole()
    {
        var app = await _env.CreateAppWithTransportAsync(new SpoilBatchStep(27));
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 30);
        await using var scope = app.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddRangeAsync(activities, default));

        Assert.Contains("400", refused.Message);
        Assert.Empty(_env.Graph.Items("Activity plan"));
        Assert.Empty(await store.ListAsync(plan.Id, default));
    }

    [Fact]
    public async Task A_large_document_goes_up_in_fragments_and_reads_back_whole()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var content = new byte[SharePointDocumentStore.SimpleUploadLimit + 1_000_000];
        new Random(7).NextBytes(content);
        await using var scope = app.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<IDocumentStore>();

        _env.Graph.ResetCounters();
        var saved = await documents.SaveAsync("press-releases", "bilagor.zip", new MemoryStream(content), DocumentMetadata.None, default);
        var requests = _env.Graph.RequestCount;

        output.WriteLine($"A {content.Length / 1024} KiB file: {requests} requests.");
        Assert.Equal(content.Length, saved.Size);
        Assert.Equal(0, _env.Graph.OpenUploadSessions);
        await using var read = (await documents.OpenAsync("press-releases", "bilagor.zip", default))!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Saving_a_document_again_adds_a_version_in_the_library_and_keeps_the_earlier_one()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        await using var scope = app.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
        var planId = Guid.NewGuid();
        var large = new byte[SharePointDocumentStore.SimpleUploadLimit + 10_000];

        await documents.SaveAsync("press-releases", "sommarjobb.docx", new MemoryStream("utkast"u8.ToArray()), new DocumentMetadata(planId, "Draft"), default);
        await documents.SaveAsync("press-releases", "sommarjobb.docx", new MemoryStream("godkänd"u8.ToArray()), new DocumentMetadata(planId, "Approved"), default);
        await documents.SaveAsync("press-releases", "sommarjobb.docx", new MemoryStream(large), new DocumentMetadata(planId, "Published"), default);

        var file = Assert.Single(_env.Graph.Files("Press releases"));
        Assert.Equal(3, file.VersionCount); // replaced in place, small and large uploads alike: SharePoint's history stays whole
        Assert.Equal(large, file.Content);
        Assert.Equal("Published", file.Fields["DocumentStatus"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_delta_token_drops_the_cache_and_reads_the_list_again()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 12);
        await using (var scope = app.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IActivityStore>().AddRangeAsync(activities, default);
        await CountedReadAsync(app, plan);

        _env.Graph.ExpireDeltaTokens();
        var resync = await CountedReadAsync(app, plan);
        // The plans list and the activity list are synced together: each one's token is refused once, and read again once.
        var gone = _env.Graph.Requests.Where(r => r.Status == 410).Select(r => ListOf(r.PathAndQuery)).Order().ToArray();
        var warm = await CountedReadAsync(app, plan);

        output.WriteLine($"Read after 410: {resync.Requests} requests.");
        Assert.Equal(12, resync.Count);
        Assert.Equal(new[] { _env.Graph.ListId("Activity plan"), _env.Graph.ListId("Communication plans") }.Order(), gone);
        Assert.Equal(1, warm.Requests);
    }

    [Fact]
    public async Task Every_change_and_delete_of_an_activity_row_quotes_the_etag_it_read()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 3);
        await using var scope = app.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();
        var first = await store.AddAsync(activities[0], default);
        var second = await store.AddAsync(activities[1], default);
        _env.Graph.ResetCounters();

        first.Value.ChangeStatus(ActivityStatus.InProgress, Today);
        var changed = await store.UpdateAsync(first.Value, first.ETag, default);
        changed.Value.ChangeStatus(ActivityStatus.Done, Today);
        await store.UpdateAsync(changed.Value, changed.ETag, default);
        await store.DeleteAsync(plan.Id, second.Value.Id, second.ETag, default);

        var listId = _env.Graph.ListId("Activity plan");
        var writes = _env.Graph.Requests.Where(r => r.Method is "PATCH" or "DELETE" && r.PathAndQuery.Contains($"/lists/{listId}/items/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, writes.Length);
        Assert.All(writes, w => Assert.False(string.IsNullOrWhiteSpace(w.Header("If-Match")), $"{w.Method} {w.PathAndQuery} without If-Match"));
        Assert.Equal([first.ETag, changed.ETag, second.ETag], writes.Select(w => w.Header("If-Match")));
    }

    [Fact]
    public async Task A_change_by_another_instance_makes_a_stale_write_a_conflict()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 1);
        var other = await _env.CreateAppAsync(database: "other.db");
        await using var mine = app.CreateAsyncScope();
        await using var theirs = other.CreateAsyncScope();
        var store = mine.ServiceProvider.GetRequiredService<IActivityStore>();
        var added = await store.AddAsync(activities[0], default);

        var read = (await theirs.ServiceProvider.GetRequiredService<IActivityStore>().GetAsync(plan.Id, activities[0].Id, default))!;
        read.Value.ChangeStatus(ActivityStatus.InProgress, Today);
        await theirs.ServiceProvider.GetRequiredService<IActivityStore>().UpdateAsync(read.Value, read.ETag, default);

        added.Value.ChangeStatus(ActivityStatus.Cancelled, Today);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(added.Value, added.ETag, default));
        Assert.Contains("changed by someone else", conflict.Message);
        Assert.Contains(_env.Graph.Requests, r => r.Status == 412);
        Assert.Equal(ActivityStatus.InProgress, (await store.GetAsync(plan.Id, activities[0].Id, default))!.Value.Status);
        Assert.Equal(conflict.CurrentETag, (await store.GetAsync(plan.Id, activities[0].Id, default))!.ETag);
    }

    [Fact]
    public async Task A_stale_delete_after_a_change_by_another_instance_is_a_conflict_naming_the_current_version()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 1);
        var other = await _env.CreateAppAsync(database: "other.db");
        await using var mine = app.CreateAsyncScope();
        await using var theirs = other.CreateAsyncScope();
        var store = mine.ServiceProvider.GetRequiredService<IActivityStore>();
        var added = await store.AddAsync(activities[0], default);

        var read = (await theirs.ServiceProvider.GetRequiredService<IActivityStore>().GetAsync(plan.Id, activities[0].Id, default))!;
        read.Value.ChangeStatus(ActivityStatus.InProgress, Today);
        var theirWrite = await theirs.ServiceProvider.GetRequiredService<IActivityStore>().UpdateAsync(read.Value, read.ETag, default);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.DeleteAsync(plan.Id, activities[0].Id, added.ETag, default));
        Assert.Equal(theirWrite.ETag, conflict.CurrentETag);
        Assert.NotNull(await store.GetAsync(plan.Id, activities[0].Id, default));
    }

    [Fact]
    public async Task A_stale_write_to_an_item_another_instance_deleted_is_not_found()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 1);
        var other = await _env.CreateAppAsync(database: "other.db");
        await using var mine = app.CreateAsyncScope();
        await using var theirs = other.CreateAsyncScope();
        var store = mine.ServiceProvider.GetRequiredService<IActivityStore>();
        var added = await store.AddAsync(activities[0], default);

        var read = (await theirs.ServiceProvider.GetRequiredService<IActivityStore>().GetAsync(plan.Id, activities[0].Id, default))!;
        await theirs.ServiceProvider.GetRequiredService<IActivityStore>().DeleteAsync(plan.Id, activities[0].Id, read.ETag, default);

        added.Value.ChangeStatus(ActivityStatus.Cancelled, Today);
        await Assert.ThrowsAsync<NotFoundException>(() => store.UpdateAsync(added.Value, added.ETag, default));
    }

    [Fact]
    public async Task A_row_added_by_hand_in_SharePoint_shows_in_its_years_plan_and_becomes_the_apps_on_its_first_change()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, _) = await SavedPlanWithActivitiesAsync(app, 0);
        var graph = app.GetRequiredService<GraphCalls>();
        var items = graph.Client.Sites[_env.Graph.SiteId].Lists[_env.Graph.ListId("Activity plan")].Items;
        async Task AddByHandAsync(JsonObject fields) =>
            await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject { ["fields"] = fields }), default);

        // Someone types rows straight into the list: one in the plan's year, one for next year, one without a date.
        await AddByHandAsync(new JsonObject
        {
            ["Title"] = "Julhälsning till samarbetspartner",
            ["Deadline"] = "2026-12-14T23:00:00Z",
            ["Unit"] = "avdelningen",
            ["Channels@odata.type"] = "Collection(Edm.String)",
            ["Channels"] = new JsonArray("webb"),
        });
        await AddByHandAsync(new JsonObject { ["Title"] = "Nästa år", ["Deadline"] = "2027-03-01T23:00:00Z" });
        await AddByHandAsync(new JsonObject { ["Title"] = "Utan datum" });

        await using var scope = app.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IPlanStore>().GetAsync(plan.Id, default)); // as the API reads the plan first
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();
        var listed = Assert.Single(await store.ListAsync(plan.Id, default));
        Assert.Equal("Julhälsning till samarbetspartner", listed.Value.Title);
        Assert.Equal(new DateOnly(2026, 12, 15), listed.Value.Deadline);
        Assert.Equal(["webb"], listed.Value.Channels);
        Assert.Equal(ActivityStatus.Planned, listed.Value.Status);
        Assert.Equal(listed.Value.Id, (await store.GetAsync(plan.Id, listed.Value.Id, default))!.Value.Id);

        listed.Value.ChangeStatus(ActivityStatus.Cancelled, Today);
        var changed = await store.UpdateAsync(listed.Value, listed.ETag, default);

        var row = _env.Graph.Items("Activity plan").Single(i => i.Fields["Title"]?.GetValue<string>() == "Julhälsning till samarbetspartner");
        Assert.Equal(listed.Value.Id.ToString(), row.Fields["ActivityId"]?.GetValue<string>());
        Assert.Equal(plan.Id.ToString(), row.Fields["PlanId"]?.GetValue<string>());
        Assert.Equal(ActivityStatus.Cancelled, Assert.Single(await store.ListAsync(plan.Id, default)).Value.Status);
        Assert.Equal(changed.ETag, (await store.GetAsync(plan.Id, listed.Value.Id, default))!.ETag);
    }

    [Fact]
    public async Task An_edit_made_in_SharePoint_is_what_the_app_reads()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 1);
        await using var scope = app.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();
        await store.AddAsync(activities[0], default);
        var graph = app.GetRequiredService<GraphCalls>();
        var item = Assert.Single(_env.Graph.Items("Activity plan"));

        // Someone renames the activity, moves its deadline and ticks another channel in the SharePoint list.
        await graph.SendAsync(GraphCalls.WithJson(graph.Client.Sites[_env.Graph.SiteId].Lists[_env.Graph.ListId("Activity plan")].Items[item.Id].Fields.ToPatchRequestInformation(new()),
            new JsonObject
            {
                ["Title"] = "Ändrad i SharePoint",
                ["Deadline"] = "2026-05-19T22:00:00Z",
                ["Channels@odata.type"] = "Collection(Edm.String)",
                ["Channels"] = new JsonArray("annons", "facebook", "webb"),
            }), default);

        var read = (await store.GetAsync(plan.Id, activities[0].Id, default))!.Value;
        Assert.Equal("Ändrad i SharePoint", read.Title);
        Assert.Equal(new DateOnly(2026, 5, 20), read.Deadline);
        Assert.Equal(["annons", "facebook", "webb"], read.Channels);
        Assert.Equal(activities[0].Owner, read.Owner);
    }

    [Fact]
    public async Task The_owner_fills_the_Owner_person_column_when_they_are_on_the_site()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 2);
        var anna = _env.Graph.AddSiteUser("Anna.Lindqvist@pitea.example", "Anna Lindqvist"); // addresses match whatever their case
        var onSite = WithOwner(activities[0], DemoPlan.Communicator);
        var notOnSite = WithOwner(activities[1], DemoPlan.StudyCentre);
        await using var scope = app.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();

        await store.AddAsync(onSite, default);
        await store.AddAsync(notOnSite, default);

        Assert.Equal(anna.ToString(), Row(onSite.Id).Fields["OwnerLookupId"]?.GetValue<string>());
        Assert.Equal("Anna Lindqvist", Row(onSite.Id).Fields["OwnerName"]?.GetValue<string>());
        Assert.Null(Row(notOnSite.Id).Fields["OwnerLookupId"]); // saved all the same, the owner's name in "Owner name"
        Assert.Equal("Per Sandberg", Row(notOnSite.Id).Fields["OwnerName"]?.GetValue<string>());
        var read = await store.ListAsync(plan.Id, default);
        Assert.Equal(DemoPlan.Communicator, read.Single(a => a.Value.Id == onSite.Id).Value.Owner);
        Assert.Equal(DemoPlan.StudyCentre, read.Single(a => a.Value.Id == notOnSite.Id).Value.Owner);

        // Taking the owner away in the app empties the person column too.
        var current = (await store.GetAsync(plan.Id, onSite.Id, default))!;
        var withoutOwner = Activity.FromSnapshot(current.Value.ToSnapshot() with { Owner = null });
        await store.UpdateAsync(withoutOwner, current.ETag, default);
        Assert.Null(Row(onSite.Id).Fields["OwnerLookupId"]);
        Assert.Null((await store.GetAsync(plan.Id, onSite.Id, default))!.Value.Owner);
    }

    [Fact]
    public async Task An_activity_is_saved_without_the_person_column_when_the_sites_user_list_cannot_be_read()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 1);
        _env.Graph.AddSiteUser(DemoPlan.Communicator.Email!, "Anna Lindqvist");
        await using var scope = app.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();
        await store.ListAsync(plan.Id, default);

        _env.Graph.FailNext(403, "accessDenied", message: "Access denied.");
        _env.Graph.ResetCounters();
        var added = await store.AddAsync(WithOwner(activities[0], DemoPlan.Communicator), default);

        Assert.Contains(_env.Graph.Requests, r => r.Status == 403 && Uri.UnescapeDataString(r.PathAndQuery).Contains("/lists/User Information List/items"));
        Assert.Null(Row(added.Value.Id).Fields["OwnerLookupId"]);
        Assert.Equal(DemoPlan.Communicator, (await store.GetAsync(plan.Id, added.Value.Id, default))!.Value.Owner);
    }

    [Fact]
    public async Task A_person_picked_in_the_Owner_column_in_SharePoint_becomes_the_owner()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, activities) = await SavedPlanWithActivitiesAsync(app, 3);
        _env.Graph.AddSiteUser(DemoPlan.Communicator.Email!, "Anna Lindqvist");
        var erik = _env.Graph.AddSiteUser(DemoPlan.AdultEducation.Email!, "Erik Nilsson");
        var newcomer = _env.Graph.AddSiteUser("kim.lundgren@pitea.example", "Kim Lundgren");
        var (first, second, third) = (WithOwner(activities[0], DemoPlan.Communicator), WithOwner(activities[1], DemoPlan.AdultEducation),
            WithOwner(activities[2], DemoPlan.Communicator));
        await using var scope = app.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivityStore>();
        await store.AddRangeAsync([first, second, third], default);

        // In the SharePoint list: Erik takes over the first activity, a colleague the app has not met the second,
        // and the third's owner is taken away.
        await EditByHandAsync(app, first.Id, new JsonObject { ["OwnerLookupId"] = erik });
        await EditByHandAsync(app, second.Id, new JsonObject { ["OwnerLookupId"] = newcomer });
        await EditByHandAsync(app, third.Id, new JsonObject { ["OwnerLookupId"] = null });

        // Another instance, which has not read the site's user list yet, reads it once for all three rows.
        var other = await _env.CreateAppAsync(database: "other.db");
        await using var otherScope = other.CreateAsyncScope();
        _env.Graph.ResetCounters();
        var otherRead = (await otherScope.ServiceProvider.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default)).ToDictionary(a => a.Value.Id);
        Assert.Single(_env.Graph.Requests, r => Uri.UnescapeDataString(r.PathAndQuery).Contains("/lists/User Information List/items"));
        Assert.Equal(DemoPlan.AdultEducation, otherRead[first.Id].Value.Owner);

        var read = (await store.ListAsync(plan.Id, default)).ToDictionary(a => a.Value.Id);
        Assert.Equal(DemoPlan.AdultEducation, read[first.Id].Value.Owner); // his object id from the activity he already owns
        Assert.Equal(new Owner(null, "Kim Lundgren", "kim.lundgren@pitea.example"), read[second.Id].Value.Owner);
        Assert.Null(read[third.Id].Value.Owner);
        Assert.Equal(DemoPlan.AdultEducation, (await store.GetAsync(plan.Id, first.Id, default))!.Value.Owner);

        // The app's next write keeps the person SharePoint chose.
        var kims = read[second.Id];
        kims.Value.ChangeStatus(ActivityStatus.InProgress, Today);
        await store.UpdateAsync(kims.Value, kims.ETag, default);
        Assert.Equal(newcomer.ToString(), Row(second.Id).Fields["OwnerLookupId"]?.GetValue<string>());
        Assert.Equal(new Owner(null, "Kim Lundgren", "kim.lundgren@pitea.example"), (await store.GetAsync(plan.Id, second.Id, default))!.Value.Owner);

        _env.Graph.ResetCounters();
        await store.ListAsync(plan.Id, default);
        Assert.Equal(1, _env.Graph.RequestCount); // nothing left to look up: a warm read is one delta request again
    }

    [Fact]
    public async Task A_row_added_by_hand_with_a_person_in_the_Owner_column_has_that_owner()
    {
        var app = await _env.CreateAppAsync();
        await GraphEnvironment.ProvisionAsync(app);
        var (plan, _) = await SavedPlanWithActivitiesAsync(app, 0);
        var maria = _env.Graph.AddSiteUser(DemoPlan.SecondHandShop.Email!, "Maria Öberg");
        var graph = app.GetRequiredService<GraphCalls>();
        var items = graph.Client.Sites[_env.Graph.SiteId].Lists[_env.Graph.ListId("Activity plan")].Items;
        await graph.SendAsync(GraphCalls.WithJson(items.ToPostRequestInformation(new()), new JsonObject
        {
            ["fields"] = new JsonObject { ["Title"] = "Loppis i Reprisen", ["Deadline"] = "2026-09-04T22:00:00Z", ["OwnerLookupId"] = maria },
        }), default);

        await using var scope = app.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().GetAsync(plan.Id, default);
        var listed = Assert.Single(await scope.ServiceProvider.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default));
        Assert.Equal(new Owner(null, "Maria Öberg", DemoPlan.SecondHandShop.Email), listed.Value.Owner);
    }

    private static Activity WithOwner(Activity activity, Owner owner) => Activity.FromSnapshot(activity.ToSnapshot() with { Owner = owner });

    private CommPlan.Testing.Graph.GraphItemView Row(Guid activityId) =>
        _env.Graph.Items("Activity plan").Single(i => i.Fields["ActivityId"]?.GetValue<string>() == activityId.ToString());

    private async Task EditByHandAsync(IServiceProvider app, Guid activityId, JsonObject fields)
    {
        var graph = app.GetRequiredService<GraphCalls>();
        await graph.SendAsync(GraphCalls.WithJson(graph.Client.Sites[_env.Graph.SiteId].Lists[_env.Graph.ListId("Activity plan")]
            .Items[Row(activityId).Id].Fields.ToPatchRequestInformation(new()), fields), default);
    }

    private async Task<(int Requests, int Count)> CountedReadAsync(IServiceProvider app, Plan plan)
    {
        _env.Graph.ResetCounters();
        await using var scope = app.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<IActivityStore>().ListAsync(plan.Id, default);
        return (_env.Graph.RequestCount, list.Count);
    }

    private static async Task<(Plan, Activity[])> SavedPlanWithActivitiesAsync(IServiceProvider app, int count)
    {
        var plan = DemoPlan.BuildPlan(2026);
        await using var scope = app.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPlanStore>().SaveAsync(plan, default);
        var demo = DemoPlan.BuildActivities(plan, Today);
        var activities = Enumerable.Range(0, count).Select(i => Activity.FromSnapshot(demo[i % demo.Count].ToSnapshot() with
        {
            Id = Guid.NewGuid(),
            Title = $"{demo[i % demo.Count].Title} {i + 1}",
        })).ToArray();
        return (plan, activities);
    }

    /// <summary>Makes one step of the next $batch of new items name a column the list does not have (400 from SharePoint).</summary>
    private sealed class SpoilBatchStep(int step) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _seen;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal))
            {
                var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!.AsObject();
                foreach (var s in body["requests"]!.AsArray())
                {
                    if (s!["method"]!.GetValue<string>() != "POST" || !s["url"]!.GetValue<string>().EndsWith("/items", StringComparison.Ordinal)) continue;
                    if (++_seen == step) s["body"]!["fields"]!["NoSuchColumn"] = "x";
                }
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }
            return await base.SendAsync(request, ct);
        }
    }

    /// <summary>
    /// The connection drops in the middle of a $batch: the server gets and carries out only its first steps, and the
    /// app never sees an answer.
    /// </summary>
    private sealed class CutBatchAfter(int steps) : DelegatingHandler(new SocketsHttpHandler())
    {
        private bool _cut;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (_cut || request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal))
                return await base.SendAsync(request, ct);
            _cut = true;
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(ct))!.AsObject();
            var kept = body["requests"]!.AsArray().Take(steps).Select(s => s!.DeepClone()).ToArray();
            body["requests"] = new JsonArray(kept);
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var _ = await base.SendAsync(request, ct);
            throw new HttpRequestException("The connection was reset.");
        }
    }
}
