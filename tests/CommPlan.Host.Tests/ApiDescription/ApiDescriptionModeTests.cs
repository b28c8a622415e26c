using System.Net;
using CommPlan.Host.Features.ApiDescription;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.OpenApi;

namespace CommPlan.Host.Tests.ApiDescription;

/// <summary>With Microsoft 365 configured: the document is served (a description, no data), the dev-only reference is not.</summary>
public sealed class ApiDescriptionModeTests : IAsyncLifetime
{
    private const string ClientId = "4b1c2d3e-0f9a-4b8c-9d7e-6f5a4b3c2d1e";
    private const string TenantId = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a";

    private readonly AppFactory _app = new(new Dictionary<string, string?>
    {
        // Never called: no request here carries a token, so no signing keys are fetched.
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task With_Microsoft_365_the_document_is_served_without_a_token_and_requires_the_bearer_token()
    {
        var (document, diagnostic) = await OpenApiDocumentTests.LoadAsync(_app.CreateClient());

        Assert.Empty(diagnostic.Errors);
        var scheme = Assert.IsType<OpenApiSecurityScheme>(document.Components!.SecuritySchemes![EntraSecurityScheme.Name]);
        Assert.Contains($"api://{ClientId}", scheme.Description);
        var list = document.Paths.Single(p => p.Key.TrimEnd('/') == "/api/plans").Value.Operations![HttpMethod.Get];
        // Only the bearer requirement: no empty (anonymous) alternative as on the embedded default.
        var requirement = Assert.Single(list.Security!);
        Assert.Equal(EntraSecurityScheme.Name, Assert.Single(requirement.Keys).Reference.Id);
    }

    [Fact]
    public async Task With_Microsoft_365_there_is_no_reference_and_no_link_to_it()
    {
        var client = _app.CreateClient();

        var reference = await client.GetAsync(ApiDescriptionExtensions.ReferencePath + "/");
        var api = await client.GetAsync("/api/plans");

        Assert.True(HttpStatusCode.NotFound == reference.StatusCode, await reference.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        var html = await client.GetStringAsync("/?culture=en");
        Assert.DoesNotContain(ApiDescriptionExtensions.ReferencePath, html);
        Assert.Contains(ApiDescriptionExtensions.DocumentPath, html);
    }
}
