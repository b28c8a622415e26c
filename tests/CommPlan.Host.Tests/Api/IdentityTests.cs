using System.Net;
using CommPlan.Host.Tests.Infrastructure;

namespace CommPlan.Host.Tests.Api;

public sealed class IdentityTests
{
    private static readonly Dictionary<string, string?> Microsoft365 = new()
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
        ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
        ["AzureAd:Audience"] = "api://localhost/66666666-7777-8888-9999-000000000000",
    };

    [Fact]
    public async Task With_microsoft_365_settings_there_is_no_dev_sign_in()
    {
        await using var app = new AppFactory(Microsoft365);
        var client = app.CreateClient();

        var api = await client.GetAsync("/api/plans/current");
        var page = await (await client.GetAsync("/")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.DoesNotContain("embedded-banner", page);
        Assert.DoesNotContain("Vårrensning", page);
        Assert.Equal("microsoft365", (string?)(await (await client.GetAsync("/health")).ReadJsonAsync())["mode"]);
    }

    [Fact]
    public async Task A_forged_bearer_token_is_refused_with_microsoft_365_settings()
    {
        await using var app = new AppFactory(Microsoft365);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/plans")).StatusCode);
    }

    [Fact]
    public async Task Without_an_instance_the_public_cloud_is_taken_and_requests_are_answered_not_failed()
    {
        var settings = new Dictionary<string, string?>(Microsoft365) { ["AzureAd:Instance"] = "" };
        await using var app = new AppFactory(settings);
        var client = app.CreateClient();

        var api = await client.GetAsync("/api/plans");
        var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, page.StatusCode);
    }

    [Fact]
    public async Task Half_of_the_microsoft_365_settings_stops_the_start_with_a_clear_message()
    {
        await using var app = new AppFactory(new Dictionary<string, string?> { ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("AzureAd:TenantId", error.ToString());
    }

    [Fact]
    public async Task On_the_embedded_default_everyone_is_the_demo_user()
    {
        await using var app = new AppFactory();
        var page = await (await app.CreateClient().GetAsync("/?culture=en")).Content.ReadAsStringAsync();

        Assert.Contains("signed in as the demo user Anna Lindqvist", page);
        Assert.Contains("Demo roles in this plan: Anna Lindqvist (you) is its communicator and edits everything; Sara Holm is a manager", page);
    }
}
