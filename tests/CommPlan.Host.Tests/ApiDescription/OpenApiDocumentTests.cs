using System.Net;
using System.Text.RegularExpressions;
using CommPlan.Host.Bot;
using CommPlan.Host.Features.ApiDescription;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CommPlan.Host.Tests.ApiDescription;

/// <summary>
/// The OpenAPI document against the app's own endpoint list: whatever is mapped (now or later) is described, with
/// every answer it declares, and the document is valid OpenAPI.
/// </summary>
public sealed partial class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private OpenApiDocument _document = null!;

    public async Task InitializeAsync()
    {
        var (document, diagnostic) = await LoadAsync(_app.CreateClient());
        Assert.True(diagnostic.Errors.Count == 0, "The document does not read as OpenAPI: " + string.Join("; ", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        _document = document;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    internal static async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> LoadAsync(HttpClient client)
    {
        var response = await client.GetAsync(ApiDescriptionExtensions.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var result = await OpenApiDocument.LoadAsync(body, "json", new OpenApiReaderSettings());
        Assert.NotNull(result.Document);
        return (result.Document, result.Diagnostic ?? new OpenApiDiagnostic());
    }

    [Fact]
    public void The_document_is_valid_OpenAPI()
    {
        var errors = _document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToArray() ?? [];

        Assert.True(errors.Length == 0, "The document breaks OpenAPI rules: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal("Kommunikationsplan API", _document.Info.Title);
    }

    [Fact]
    public void Every_mapped_api_endpoint_is_in_the_document_with_each_declared_answer()
    {
        var endpoints = ApiEndpoints().ToArray();
        var missing = new List<string>();
        foreach (var (endpoint, path, method) in endpoints)
        {
            var operation = Operation(path, method);
            if (operation is null)
            {
                missing.Add($"{method} {path} ({endpoint.DisplayName}) is mapped but not in {ApiDescriptionExtensions.DocumentPath}");
                continue;
            }
            foreach (var status in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).Distinct())
            {
                if (operation.Responses?.ContainsKey(status.ToString(System.Globalization.CultureInfo.InvariantCulture)) != true)
                    missing.Add($"{method} {path} declares {status}, which the document does not list");
            }
            if (string.IsNullOrEmpty(operation.OperationId)) missing.Add($"{method} {path} has no name (WithName), so no operationId");
        }

        Assert.True(endpoints.Length >= 13, $"Only {endpoints.Length} API endpoints found: the endpoint list was not read");
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_error_answer_is_a_problem_with_a_schema()
    {
        var wrong = (
            from path in _document.Paths
            from op in path.Value.Operations ?? []
            from response in op.Value.Responses ?? []
            where int.Parse(response.Key, System.Globalization.CultureInfo.InvariantCulture) >= 400
            where !IsProblem(response.Value)
            select $"{op.Key} {path.Key} {response.Key}").ToArray();

        Assert.True(wrong.Length == 0, "Not described as application/problem+json with a problem schema: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Signed_in_operations_answer_401_403_and_503_with_Retry_After_and_name_the_bearer_scheme()
    {
        var scheme = Assert.IsType<OpenApiSecurityScheme>(_document.Components?.SecuritySchemes?[EntraSecurityScheme.Name]);
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        Assert.Equal("JWT", scheme.BearerFormat);

        foreach (var (endpoint, path, method) in ApiEndpoints().Where(e => e.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null))
        {
            var operation = Operation(path, method)!;
            Assert.Contains("401", operation.Responses!.Keys);
            Assert.Contains("403", operation.Responses.Keys);
            Assert.Contains("Retry-After", operation.Responses["503"].Headers!.Keys);
            Assert.Contains(operation.Security!, r => r.Keys.Any(k => k.Reference.Id == EntraSecurityScheme.Name));
        }
    }

    [Fact]
    public void A_412_answer_refers_to_the_problem_schema_with_currentETag()
    {
        var answers = (
            from path in _document.Paths
            from op in path.Value.Operations ?? []
            where op.Value.Responses?.ContainsKey("412") == true
            select (Name: $"{op.Key} {path.Key}", Response: op.Value.Responses!["412"])).ToArray();

        Assert.Contains(answers, a => a.Name == "PUT /api/plans/{planId}/activities/{activityId}");
        foreach (var (name, response) in answers)
        {
            var schema = Assert.IsType<OpenApiSchemaReference>(response.Content![ProblemResponses.ProblemJson].Schema);
            Assert.True(schema.Properties?.ContainsKey("currentETag") == true, $"{name}: the 412 schema {schema.Reference.Id} has no currentETag");
            Assert.Contains("currentETag", schema.Required ?? new HashSet<string>());
            Assert.Equal(JsonSchemaType.String, schema.Properties!["currentETag"].Type & JsonSchemaType.String);
        }
    }

    [Fact]
    public void Conditional_writes_take_If_Match_and_answer_the_new_ETag()
    {
        var put = Operation("/api/plans/{planId}/activities/{activityId}", "PUT")!;

        var ifMatch = Assert.Single(put.Parameters!, p => p.Name == "If-Match");
        Assert.Equal(ParameterLocation.Header, ifMatch.In);
        Assert.True(ifMatch.Required);
        Assert.Contains("428", put.Responses!.Keys);
        Assert.Contains("ETag", put.Responses["200"].Headers!.Keys);
        Assert.NotNull(put.RequestBody?.Content?["application/json"].Schema);
        Assert.Contains("ETag", Operation("/api/plans/{planId}/activities/{activityId}", "GET")!.Responses!["200"].Headers!.Keys);
        Assert.DoesNotContain(Operation("/api/plans/{planId}/activities", "POST")!.Parameters ?? [], p => p.Name == "If-Match");
    }

    [Fact]
    public void The_activity_lists_filters_are_described()
    {
        var list = Operation("/api/plans/{planId}/activities", "GET")!;
        var query = list.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name).ToArray();

        Assert.Equal(CommPlan.Host.Features.Plans.QueryParsing.Known.Order(), query.Order());
        Assert.Contains("400", list.Responses!.Keys);
        Assert.Equal(["planned", "inProgress", "done", "cancelled", "late"],
            list.Parameters!.Single(p => p.Name == "status").Schema!.Enum!.Select(v => v.ToString()));
    }

    [Fact]
    public async Task A_412_the_API_answers_has_every_member_the_document_requires()
    {
        var client = _app.CreateClient();
        var created = await client.PostJsonAsync(HttpExtensions.Activities, HttpExtensions.NewActivity());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var first = created.Headers.ETag!.ToString();
        var changed = await client.SendAsync(HttpMethod.Put, location, HttpExtensions.Json(HttpExtensions.NewActivity("Ändrad")), first);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var stale = await client.SendAsync(HttpMethod.Put, location, HttpExtensions.Json(HttpExtensions.NewActivity("Igen")), first);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(ProblemResponses.ProblemJson, stale.Content.Headers.ContentType?.MediaType);
        var body = (await stale.ReadJsonAsync()).AsObject();
        var schema = Operation("/api/plans/{planId}/activities/{activityId}", "PUT")!.Responses!["412"].Content![ProblemResponses.ProblemJson].Schema!;
        foreach (var member in schema.Required!) Assert.True(body.ContainsKey(member), $"The 412 answer lacks {member}: {body.ToJsonString()}");
        Assert.Equal(changed.Headers.ETag!.ToString(), body["currentETag"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_reference_on_the_embedded_default_runs_its_start_script_by_a_nonce_only()
    {
        var response = await _app.CreateClient().GetAsync(ApiDescriptionExtensions.ReferencePath + "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = NonceSource().Match(policy);
        Assert.True(nonce.Success, "The reference's policy allows its script by nonce: " + policy);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.Contains($"nonce=\"{nonce.Groups[1].Value}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_start_page_links_the_document_and_the_reference_in_its_footer()
    {
        var html = await _app.CreateClient().GetStringAsync("/?culture=en");

        var footer = html[html.IndexOf("<footer>", StringComparison.Ordinal)..];
        Assert.Contains($"href=\"{ApiDescriptionExtensions.ReferencePath}/\"", footer);
        Assert.Contains($"href=\"{ApiDescriptionExtensions.DocumentPath}\"", footer);
        Assert.DoesNotContain(ApiDescriptionExtensions.ReferencePath, html[..html.IndexOf("<footer>", StringComparison.Ordinal)]);
    }

    private static bool IsProblem(IOpenApiResponse response) =>
        response.Content is { } content && content.TryGetValue(ProblemResponses.ProblemJson, out var media) && media.Schema is OpenApiSchemaReference;

    /// <summary>
    /// Every endpoint of the API: all that are mapped, except the pages (and the start page's routes), the bot door
    /// (the Bot Framework's protocol), /health, and the document and its reference themselves.
    /// </summary>
    private IEnumerable<(RouteEndpoint Endpoint, string Path, string Method)> ApiEndpoints()
    {
        var sources = _app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.Any(m => m is PageActionDescriptor)) continue;
            if (raw == BotDoor.Route || raw == "/health" || raw.StartsWith("/openapi/", StringComparison.Ordinal)
                || raw.StartsWith(ApiDescriptionExtensions.ReferencePath, StringComparison.Ordinal)) continue;
            var path = Constraint().Replace(raw, "{$1}").TrimEnd('/');
            if (path.Length == 0) path = "/";
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"])
                yield return (endpoint, path, method);
        }
    }

    private OpenApiOperation? Operation(string path, string method)
    {
        var item = _document.Paths.FirstOrDefault(p => p.Key.TrimEnd('/') == path.TrimEnd('/')).Value;
        return item?.Operations?.FirstOrDefault(o => string.Equals(o.Key.Method, method, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>"{planId:guid}" → "{planId}", "{*rest}" → "{rest}", "{id?}" → "{id}", as OpenAPI paths name parameters.</summary>
    [GeneratedRegex(@"\{\**([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"'nonce-([A-Za-z0-9_\-+/=]+)'")]
    private static partial Regex NonceSource();
}
