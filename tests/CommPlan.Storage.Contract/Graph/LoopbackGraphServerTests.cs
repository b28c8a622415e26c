using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CommPlan.Testing;
using CommPlan.Testing.Graph;

namespace CommPlan.Storage.Contract.Graph;

/// <summary>The loopback Graph behaves as Graph v1.0 does for what the SharePoint storage uses, seen through plain HTTP.</summary>
public sealed class LoopbackGraphServerTests : IAsyncLifetime
{
    private LoopbackGraphServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackGraphServer.StartAsync();
        _server.TrustTokensFrom(t => t == "token" ? new IssuedToken("contoso-app", LoopbackGraphServer.GraphAudience, ["Sites.Selected"]) : null);
        _server.GrantSite("contoso-app");
        _http = new HttpClient { BaseAddress = new Uri(_server.GraphBaseUrl + "/") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("NONISV|Contoso|CommPlan/1.0");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private string Site => $"sites/{_server.SiteId}";

    [Theory]
    [InlineData("unknown", 401)]
    [InlineData("for-the-bot-connector", 401)]
    [InlineData("no-roles", 403)]
    [InlineData("sites-selected-without-a-grant", 403)]
    [InlineData("tenant-wide", 200)]
    [InlineData("token", 200)]
    public async Task Takes_only_tokens_for_Graph_whose_roles_reach_the_site(string token, int status)
    {
        _server.TrustTokensFrom(t => t switch
        {
            "for-the-bot-connector" => new IssuedToken("contoso-app", "https://api.botframework.com", ["Sites.Selected"]),
            "no-roles" => new IssuedToken("contoso-app", LoopbackGraphServer.GraphAudience, []),
            "sites-selected-without-a-grant" => new IssuedToken("other-app", LoopbackGraphServer.GraphAudience, ["Sites.Selected"]),
            "tenant-wide" => new IssuedToken("other-app", LoopbackGraphServer.GraphAudience, ["Sites.ReadWrite.All"]),
            "token" => new IssuedToken("contoso-app", LoopbackGraphServer.GraphAudience, ["Sites.Selected"]),
            _ => null,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Site}/lists");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await _http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Batch_steps_without_dependsOn_run_in_any_order_and_dependent_ones_after_theirs()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        JsonObject Create(string id, string title, params string[] dependsOn)
        {
            var step = new JsonObject
            {
                ["id"] = id, ["method"] = "POST", ["url"] = $"/sites/{_server.SiteId}/lists/Plans/items",
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["body"] = new JsonObject { ["fields"] = new JsonObject { ["Title"] = title } },
            };
            if (dependsOn.Length > 0) step["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode)d).ToArray());
            return step;
        }

        var orders = new HashSet<string>();
        for (var round = 0; round < 8; round++)
        {
            var steps = Enumerable.Range(1, 5).Select(i => Create($"{i}", $"r{round}-{i}")).Append(Create("6", $"r{round}-6", "1")).ToArray();
            var batch = await Send(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = new JsonArray(steps) });
            Assert.Equal(HttpStatusCode.OK, batch.Status);
            // Item ids are handed out in the order the steps ran.
            var titles = _server.Items("Plans").OrderBy(i => int.Parse(i.Id)).Select(i => (string)i.Fields["Title"]!)
                .Where(t => t.StartsWith($"r{round}-", StringComparison.Ordinal)).Select(t => t[$"r{round}-".Length..]).ToArray();
            Assert.Equal(6, titles.Length);
            Assert.True(Array.IndexOf(titles, "6") > Array.IndexOf(titles, "1"), "a step runs after the step it depends on");
            orders.Add(string.Join(",", titles));
        }

        Assert.True(orders.Count > 1, "independent steps ran in the order they were written every time");
    }

    [Fact]
    public async Task The_request_log_keeps_the_headers_of_requests_and_of_batch_steps()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        var item = await Send(HttpMethod.Post, $"{Site}/lists/Plans/items", new JsonObject { ["fields"] = new JsonObject { ["Title"] = "A" } });
        var etag = (string)item.Json!["eTag"]!;
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Site}/lists/Plans/items/{item.Json["id"]}/fields")
        {
            Content = new StringContent("{\"Title\":\"B\"}", Encoding.UTF8, "application/json"),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", etag);
        (await _http.SendAsync(patch)).EnsureSuccessStatusCode();
        await Send(HttpMethod.Post, "$batch", new JsonObject
        {
            ["requests"] = new JsonArray(new JsonObject
            {
                ["id"] = "1", ["method"] = "DELETE", ["url"] = $"/sites/{_server.SiteId}/lists/Plans/items/{item.Json["id"]}",
                ["headers"] = new JsonObject { ["If-Match"] = "*" },
            }),
        });

        Assert.Equal(etag, _server.Requests.Single(r => r.Method == "PATCH").Header("If-Match"));
        Assert.Equal("*", _server.Requests.Single(r => r.Method == "DELETE" && r.IsBatchStep).Header("If-Match"));
        Assert.StartsWith("Bearer ", _server.Requests.First().Header("Authorization"));
    }

    [Fact]
    public async Task Creates_a_list_with_its_columns_and_refuses_a_second_with_the_same_name()
    {
        var created = await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Plans", (string?)created.Json!["displayName"]);

        var again = await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("nameAlreadyExists", ErrorCode(again));

        var byName = await Send(HttpMethod.Get, $"{Site}/lists?$filter=displayName eq 'Plans'&$expand=columns");
        var list = Assert.Single(byName.Json!["value"]!.AsArray())!;
        var names = list["columns"]!.AsArray().Select(c => (string?)c!["name"]).ToList();
        Assert.Contains("Title", names);
        Assert.Contains("Status", names);

        var columnId = (string)list["columns"]!.AsArray().First(c => (string?)c!["name"] == "Owner")!["id"]!;
        var patched = await Send(HttpMethod.Patch, $"{Site}/lists/Plans/columns/{columnId}", new JsonObject { ["indexed"] = true });
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.True(_server.Columns("Plans").Single(c => c.Name == "Owner").Indexed);

        var added = await Send(HttpMethod.Post, $"{Site}/lists/{created.Json["id"]}/columns", new JsonObject { ["name"] = "Budget", ["number"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal("number", _server.Columns("Plans").Single(c => c.Name == "Budget").Type);
    }

    [Fact]
    public async Task Item_writes_follow_etags_and_refuse_fields_the_list_does_not_have()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        var user = _server.AddSiteUser("anna@contoso.com", "Anna");
        var created = await Send(HttpMethod.Post, $"{Site}/lists/Plans/items", new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["Title"] = "Spring campaign", ["Status"] = "Planned", ["OwnerLookupId"] = user,
                ["Channels@odata.type"] = "Collection(Edm.String)", ["Channels"] = new JsonArray("Web", "Facebook"),
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("1", (string?)created.Json!["id"]);
        var etag = (string)created.Json["eTag"]!;
        Assert.Matches("^\"[0-9a-f-]{36},1\"$", etag);
        Assert.Equal(user.ToString(), (string?)created.Json["fields"]!["OwnerLookupId"]);

        var updated = await Send(HttpMethod.Patch, $"{Site}/lists/Plans/items/1/fields", new JsonObject { ["Status"] = "Done" }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("Done", (string?)updated.Json!["Status"]);
        Assert.Equal("Spring campaign", (string?)updated.Json["Title"]);

        var stale = await Send(HttpMethod.Patch, $"{Site}/lists/Plans/items/1/fields", new JsonObject { ["Status"] = "Late" }, ifMatch: etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("resourceModified", ErrorCode(stale));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Send(HttpMethod.Delete, $"{Site}/lists/Plans/items/1", ifMatch: etag)).Status);

        var unknown = await Send(HttpMethod.Patch, $"{Site}/lists/Plans/items/1/fields", new JsonObject { ["Colour"] = "Red" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("invalidRequest", ErrorCode(unknown));
        Assert.Contains("Field 'Colour' is not recognized", (string?)unknown.Json!["error"]!["message"]);
        var innerError = unknown.Json["error"]!["innerError"]!;
        Assert.NotNull(innerError["request-id"]);
        Assert.NotNull(innerError["date"]);

        var read = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items/1?expand=fields($select=Status,Owner)");
        Assert.Equal("Done", (string?)read.Json!["fields"]!["Status"]);
        Assert.Null(read.Json["fields"]!["Title"]);
        Assert.Equal(user.ToString(), (string?)read.Json["fields"]!["OwnerLookupId"]);

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"{Site}/lists/Plans/items/1", ifMatch: "*")).Status);
        var gone = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items/1");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("itemNotFound", ErrorCode(gone));
    }

    [Fact]
    public async Task Pages_twelve_items_five_at_a_time_through_absolute_next_links()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        for (var i = 1; i <= 12; i++) await CreatePlan($"Plan {i}", "Planned");

        var pages = new List<int>();
        var seen = new List<string>();
        string? next = $"{Site}/lists/Plans/items?expand=fields";
        while (next is not null)
        {
            var page = await Send(HttpMethod.Get, next);
            var values = page.Json!["value"]!.AsArray();
            pages.Add(values.Count);
            seen.AddRange(values.Select(v => (string)v!["fields"]!["Title"]!));
            next = (string?)page.Json["@odata.nextLink"];
            if (next is not null)
            {
                Assert.StartsWith(_server.GraphBaseUrl, next);
                Assert.Contains("$skiptoken=", next);
            }
        }
        Assert.Equal([5, 5, 2], pages);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"Plan {i}"), seen);
    }

    [Fact]
    public async Task Filters_only_on_indexed_columns_unless_the_client_accepts_the_risk()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        await CreatePlan("A", "Planned");
        await CreatePlan("B", "Done");
        await CreatePlan("C", "Planned");

        var refused = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items?$filter=fields/Title eq 'A'");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalidRequest", ErrorCode(refused));
        Assert.Contains("HonorNonIndexedQueriesWarningMayFailRandomly", (string?)refused.Json!["error"]!["message"]);

        var risked = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items?$filter=fields/Title eq 'A'", prefer: "HonorNonIndexedQueriesWarningMayFailRandomly");
        Assert.Single(risked.Json!["value"]!.AsArray());

        var indexed = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items?$expand=fields&$filter=fields/Status eq 'Planned'");
        Assert.Equal(["A", "C"], indexed.Json!["value"]!.AsArray().Select(v => (string)v!["fields"]!["Title"]!));
        var starts = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items?$filter=startswith(fields/Status,'Do')");
        Assert.Single(starts.Json!["value"]!.AsArray());
    }

    [Fact]
    public async Task Delta_syncs_everything_first_then_only_changes_and_deletions_until_tokens_expire()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        for (var i = 1; i <= 7; i++) await CreatePlan($"Plan {i}", "Planned");

        var first = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items/delta?$expand=fields");
        Assert.Equal(5, first.Json!["value"]!.AsArray().Count);
        var last = await Send(HttpMethod.Get, (string)first.Json["@odata.nextLink"]!);
        Assert.Equal(2, last.Json!["value"]!.AsArray().Count);
        var deltaLink = (string)last.Json["@odata.deltaLink"]!;
        Assert.Contains("token=", deltaLink);

        var quiet = await Send(HttpMethod.Get, deltaLink);
        Assert.Empty(quiet.Json!["value"]!.AsArray());

        await Send(HttpMethod.Patch, $"{Site}/lists/Plans/items/2/fields", new JsonObject { ["Status"] = "Done" });
        await Send(HttpMethod.Delete, $"{Site}/lists/Plans/items/3");
        var changes = await Send(HttpMethod.Get, deltaLink);
        var values = changes.Json!["value"]!.AsArray();
        Assert.Equal(2, values.Count);
        Assert.Equal("Done", (string?)values[0]!["fields"]!["Status"]);
        Assert.Equal("3", (string?)values[1]!["id"]);
        Assert.Equal("deleted", (string?)values[1]!["deleted"]!["state"]);

        var latest = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items/delta?token=latest");
        Assert.Empty(latest.Json!["value"]!.AsArray());
        Assert.NotNull(latest.Json["@odata.deltaLink"]);

        _server.ExpireDeltaTokens();
        var expired = await Send(HttpMethod.Get, (string)changes.Json["@odata.deltaLink"]!);
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Equal("resyncChangesApplyDifferences", ErrorCode(expired));
    }

    [Fact]
    public async Task Batch_answers_out_of_order_with_throttled_steps_and_failed_dependencies()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        _server.ResetCounters();
        _server.FailNext(429, "activityLimitReached", TimeSpan.FromSeconds(1));
        var requests = new JsonArray();
        for (var i = 1; i <= 6; i++)
            requests.Add(Step($"{i}", "POST", $"/sites/{_server.SiteId}/lists/Plans/items", new JsonObject { ["fields"] = new JsonObject { ["Title"] = $"Plan {i}" } }));
        requests.Add(Step("7", "GET", $"/sites/{_server.SiteId}/lists/Plans/items/999", null));
        var dependent = Step("8", "GET", $"/sites/{_server.SiteId}/lists/Plans/items", null);
        dependent["dependsOn"] = new JsonArray("7");
        requests.Add(dependent);

        var batch = await Send(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = requests });
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        var responses = batch.Json!["responses"]!.AsArray().Select(r => r!).ToList();
        Assert.Equal(8, responses.Count);
        Assert.NotEqual(Enumerable.Range(1, 8).Select(i => i.ToString()), responses.Select(r => (string)r["id"]!));
        var byId = responses.ToDictionary(r => (string)r["id"]!);
        // The steps run in any order: whichever ran first met the throttle.
        var throttled = Assert.Single(byId.Values, r => (int)r["status"]! == 429);
        Assert.Equal("1", (string?)throttled["headers"]!["Retry-After"]);
        Assert.All(Enumerable.Range(1, 6).Select(i => byId[i.ToString()]).Where(r => r != throttled), r => Assert.Equal(201, (int)r["status"]!));
        Assert.Contains((int)byId["7"]["status"]!, (int[])[404, 429]);
        Assert.Equal(424, (int)byId["8"]["status"]!);
        Assert.Equal(byId.Values.Count(r => (int)r["status"]! == 201), _server.Items("Plans").Count);
        Assert.Equal(1, _server.RequestCount);
        Assert.Equal(7, _server.StepCount);

        var tooMany = new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)Step($"{i}", "GET", $"/sites/{_server.SiteId}", null)).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "$batch", new JsonObject { ["requests"] = tooMany })).Status);
    }

    [Fact]
    public async Task Uploads_files_keeps_their_versions_and_library_metadata()
    {
        var drive = _server.DriveId();
        var first = await Upload($"drives/{drive}/items/root:/brief.txt:/content", "one");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var id = (string)first.Json!["id"]!;
        Assert.Equal(3, (int)first.Json["size"]!);
        Assert.NotNull(first.Json["file"]);
        var second = await Upload($"drives/{drive}/items/root:/brief.txt:/content", "two!");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(id, (string?)second.Json!["id"]);
        Assert.NotEqual((string?)first.Json["cTag"], (string?)second.Json["cTag"]);

        var content = await _http.GetAsync($"drives/{drive}/items/{id}/content");
        Assert.Equal("two!", await content.Content.ReadAsStringAsync());
        var byPath = await Send(HttpMethod.Get, $"drives/{drive}/root:/brief.txt");
        Assert.Equal(id, (string?)byPath.Json!["id"]);
        Assert.Equal("itemNotFound", ErrorCode(await Send(HttpMethod.Get, $"drives/{drive}/root:/missing.txt")));

        var versions = await Send(HttpMethod.Get, $"drives/{drive}/items/{id}/versions");
        Assert.Equal(["2.0", "1.0"], versions.Json!["value"]!.AsArray().Select(v => (string)v!["id"]!));

        var children = await Send(HttpMethod.Get, $"drives/{drive}/root/children");
        Assert.Single(children.Json!["value"]!.AsArray());
        var fields = await Send(HttpMethod.Patch, $"drives/{drive}/items/{id}/listItem/fields", new JsonObject { ["Title"] = "Brief" });
        Assert.Equal("Brief", (string?)fields.Json!["Title"]);
        Assert.Equal("brief.txt", (string?)fields.Json["FileLeafRef"]);

        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"drives/{drive}/items/{id}")).Status);
        Assert.Empty(_server.Files());
    }

    [Fact]
    public async Task Throttles_every_third_request_with_retry_after()
    {
        _server.ThrottleEvery(3, retryAfterSeconds: 1);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await _http.GetAsync(Site);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, _server.ThrottledCount);
        Assert.All(_server.Requests, r => Assert.Equal("NONISV|Contoso|CommPlan/1.0", r.UserAgent));
    }

    [Fact]
    public async Task Refuses_requests_without_a_bearer_token_and_resolves_the_site_by_its_path()
    {
        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync($"{_server.GraphBaseUrl}/{Site}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("InvalidAuthenticationToken", await refused.Content.ReadAsStringAsync());

        var byPath = await Send(HttpMethod.Get, $"sites/{_server.SiteHostname}:{_server.SitePath}");
        Assert.Equal(_server.SiteId, (string?)byPath.Json!["id"]);
        Assert.Equal(_server.SiteWebUrl, (string?)byPath.Json["webUrl"]);
    }

    [Fact]
    public async Task Uploads_a_large_file_in_ordered_fragments_of_320_KiB()
    {
        var drive = _server.DriveId();
        var session = await Send(HttpMethod.Post, $"drives/{drive}/items/root:/plan.pdf:/createUploadSession",
            new JsonObject { ["item"] = new JsonObject { ["@microsoft.graph.conflictBehavior"] = "fail" } });
        var uploadUrl = (string)session.Json!["uploadUrl"]!;
        var bytes = new byte[320 * 1024 + 100];
        new Random(3).NextBytes(bytes);

        using var anonymous = new HttpClient();
        var misaligned = await PutFragment(anonymous, uploadUrl, bytes, 0, 1000);
        Assert.Equal(HttpStatusCode.BadRequest, misaligned.StatusCode);
        var outOfOrder = await PutFragment(anonymous, uploadUrl, bytes, 320 * 1024, 100);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, outOfOrder.StatusCode);
        var firstPart = await PutFragment(anonymous, uploadUrl, bytes, 0, 320 * 1024);
        Assert.Equal(HttpStatusCode.Accepted, firstPart.StatusCode);
        Assert.Contains($"{320 * 1024}-", await firstPart.Content.ReadAsStringAsync());
        var done = await PutFragment(anonymous, uploadUrl, bytes, 320 * 1024, 100);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);

        Assert.Equal(bytes, Assert.Single(_server.Files()).Content);
        Assert.Equal(0, _server.OpenUploadSessions);
        var clash = await Send(HttpMethod.Post, $"drives/{drive}/items/root:/plan.pdf:/createUploadSession",
            new JsonObject { ["item"] = new JsonObject { ["@microsoft.graph.conflictBehavior"] = "fail" } });
        Assert.Equal("nameAlreadyExists", ErrorCode(clash));

        _server.RedirectContentDownloads = true;
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _http.BaseAddress };
        noRedirects.DefaultRequestHeaders.Authorization = _http.DefaultRequestHeaders.Authorization;
        using var redirect = await noRedirects.GetAsync($"drives/{drive}/root:/plan.pdf:/content");
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal(bytes, await anonymous.GetByteArrayAsync(redirect.Headers.Location));
    }

    [Fact]
    public async Task Refuses_what_SharePoint_refuses_long_text_too_many_lookups_and_list_creation_without_manage_rights()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        var tooLong = await Send(HttpMethod.Post, $"{Site}/lists/Plans/items", new JsonObject { ["fields"] = new JsonObject { ["Title"] = new string('x', 256) } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        var collection = await Send(HttpMethod.Post, $"{Site}/lists/Plans/items", new JsonObject { ["fields"] = new JsonObject { ["Channels"] = new JsonArray("Web") } });
        Assert.Equal(HttpStatusCode.BadRequest, collection.Status);
        var byValue = await Send(HttpMethod.Post, $"{Site}/lists/Plans/items", new JsonObject { ["fields"] = new JsonObject { ["Owner"] = "anna@contoso.com" } });
        Assert.Equal(HttpStatusCode.BadRequest, byValue.Status);

        for (var i = 0; i < 10; i++)
            await Send(HttpMethod.Post, $"{Site}/lists/Plans/columns", new JsonObject { ["name"] = $"Reviewer{i}", ["personOrGroup"] = new JsonObject() });
        var everything = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items?expand=fields");
        Assert.Equal(HttpStatusCode.BadRequest, everything.Status);
        Assert.Contains("lookup column threshold", (string?)everything.Json!["error"]!["message"]);
        var selected = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items?expand=fields(select=Title,Reviewer1)");
        Assert.Equal(HttpStatusCode.OK, selected.Status);

        _server.CanManageLists = false;
        var denied = await Send(HttpMethod.Post, $"{Site}/lists", new JsonObject { ["displayName"] = "Other" });
        Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
        Assert.Equal("accessDenied", ErrorCode(denied));
    }

    [Fact]
    public async Task Answers_injected_faults_once_and_may_repeat_delta_changes()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        await CreatePlan("A", "Planned");
        var latest = await Send(HttpMethod.Get, $"{Site}/lists/Plans/items/delta?token=latest");
        await Send(HttpMethod.Patch, $"{Site}/lists/Plans/items/1/fields", new JsonObject { ["Status"] = "Done" });

        _server.FailNext(503, "serviceNotAvailable", TimeSpan.FromSeconds(2));
        using (var unavailable = await _http.GetAsync((string)latest.Json!["@odata.deltaLink"]!))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), unavailable.Headers.RetryAfter?.Delta);
        }
        _server.RepeatDeltaChanges = true;
        var changes = await Send(HttpMethod.Get, (string)latest.Json!["@odata.deltaLink"]!);
        Assert.Equal(["1", "1"], changes.Json!["value"]!.AsArray().Select(v => (string)v!["id"]!));
    }

    private static async Task<HttpResponseMessage> PutFragment(HttpClient client, string url, byte[] bytes, int from, int length)
    {
        var content = new ByteArrayContent(bytes, from, length);
        content.Headers.ContentRange = new ContentRangeHeaderValue(from, from + length - 1, bytes.Length);
        return await client.PutAsync(url, content);
    }

    [Fact]
    public async Task Takes_concurrent_writes_and_counts_their_cost()
    {
        await Send(HttpMethod.Post, $"{Site}/lists", PlansList());
        _server.ResetCounters();
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => CreatePlan($"Plan {i}", "Planned")));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), _server.Items("Plans").Select(i => i.Id));
        Assert.Equal(20, _server.RequestCount);
        Assert.Equal(40, _server.ResourceUnits);
        await Send(HttpMethod.Get, $"{Site}/lists/Plans/items/1");
        Assert.Equal(41, _server.ResourceUnits);
    }

    private static JsonObject PlansList() => new()
    {
        ["displayName"] = "Plans",
        ["list"] = new JsonObject { ["template"] = "genericList" },
        ["columns"] = new JsonArray(
            new JsonObject { ["name"] = "Status", ["indexed"] = true, ["choice"] = new JsonObject { ["choices"] = new JsonArray("Planned", "Done") } },
            new JsonObject { ["name"] = "Owner", ["personOrGroup"] = new JsonObject { ["chooseFromType"] = "peopleOnly" } },
            new JsonObject { ["name"] = "Channels", ["choice"] = new JsonObject { ["allowTextEntry"] = false, ["choices"] = new JsonArray("Web", "Facebook") } }),
    };

    private async Task CreatePlan(string title, string status)
    {
        var created = await Send(HttpMethod.Post, $"{Site}/lists/Plans/items", new JsonObject { ["fields"] = new JsonObject { ["Title"] = title, ["Status"] = status } });
        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    private static JsonObject Step(string id, string method, string url, JsonObject? body)
    {
        var step = new JsonObject { ["id"] = id, ["method"] = method, ["url"] = url };
        if (body is not null)
        {
            step["body"] = body;
            step["headers"] = new JsonObject { ["Content-Type"] = "application/json" };
        }
        return step;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json)> Upload(string url, string text)
    {
        using var response = await _http.PutAsync(url, new ByteArrayContent(Encoding.UTF8.GetBytes(text)));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json)> Send(HttpMethod method, string url, JsonNode? body = null, string? ifMatch = null, string? prefer = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (prefer is not null) request.Headers.TryAddWithoutValidation("Prefer", prefer);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string? ErrorCode((HttpStatusCode Status, JsonNode? Json) response) => (string?)response.Json?["error"]?["code"];
}
