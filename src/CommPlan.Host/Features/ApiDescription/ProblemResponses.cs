using System.Text.Json.Nodes;
using CommPlan.Domain.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CommPlan.Host.Features.ApiDescription;

/// <summary>
/// Completes each operation from what its endpoint declares, by rule rather than per endpoint: the problems it can
/// answer (signed-in endpoints 401/403, a resource in the path 404, a body 400/413/415, a conditional write
/// 412/428, every API call 503), each as application/problem+json with the schema that matches ProblemMapper's
/// output; the If-Match and ETag headers; the query parameters read by hand; and the security requirement.
/// </summary>
public sealed class ProblemResponses(EntraSecurityScheme security) : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer needs the document.");
        operation.Responses ??= [];
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

        var problems = new SortedSet<int>();
        if (signedIn) problems.UnionWith([401, 403]);
        if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Path")) problems.Add(404);
        if (metadata.OfType<JsonBodyMetadata>().Any()) problems.UnionWith([400, 413, 415]);
        if (metadata.OfType<QueryMetadata>().Any()) problems.Add(400);
        if (metadata.OfType<IfMatchMetadata>().Any()) problems.UnionWith([412, 428]);
        // Every API call reads the plan's store (the app's database or SharePoint), which may be away.
        problems.Add(503);
        foreach (var status in problems)
            operation.Responses.TryAdd(Key(status), new OpenApiResponse());

        // Every error answer, declared here or by the endpoint (TypedResults.NotFound, ProducesProblem), is a problem.
        foreach (var (key, response) in operation.Responses.ToArray())
        {
            if (!int.TryParse(key, out var status) || status < 400 || response is not OpenApiResponse r) continue;
            r.Description = Describe(status, r.Description);
            r.Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = await SchemaAsync(ProblemType(status), document, context, ct) },
            };
            if (status == 503)
                AddHeader(r, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
            if (status == 401)
                AddHeader(r, "WWW-Authenticate", "The scheme to sign in with (Bearer).", JsonSchemaType.String);
        }

        if (metadata.OfType<IfMatchMetadata>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The version read (the ETag of the last answer, or eTag in its body). Without it the answer is 428; "
                    + "when someone else has changed the resource since, 412 with its currentETag.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (metadata.OfType<IfMatchMetadata>().Any() || metadata.OfType<ETagMetadata>().Any())
        {
            foreach (var (key, response) in operation.Responses)
            {
                if (key.StartsWith('2') && response is OpenApiResponse { Content.Count: > 0 } ok)
                    AddHeader(ok, "ETag", "The resource's version, for the next change's If-Match.", JsonSchemaType.String);
            }
        }
        foreach (var query in metadata.OfType<QueryMetadata>().SelectMany(q => q.Parameters))
        {
            operation.Parameters ??= [];
            var schema = new OpenApiSchema { Type = query.Format == "int32" ? JsonSchemaType.Integer : JsonSchemaType.String };
            if (query.Format.Length > 0) schema.Format = query.Format;
            if (query.Values is { } values) schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            operation.Parameters.Add(new OpenApiParameter { Name = query.Name, In = ParameterLocation.Query, Description = query.Description, Schema = schema });
        }

        // In status order, as a reader looks them up.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        operation.Responses.Clear();
        foreach (var (key, response) in ordered) operation.Responses.Add(key, response);

        if (signedIn) security.Require(operation, document);
    }

    private static Type ProblemType(int status) => status switch
    {
        400 => typeof(ValidationProblem),
        403 => typeof(AccessProblem),
        412 => typeof(ConcurrencyProblem),
        503 => typeof(UnavailableProblem),
        _ => typeof(Problem),
    };

    /// <summary>The problem's schema as a component of the document, generated once from its type, referenced from each answer.</summary>
    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiDocument document, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
            // Problems are open (RFC 7807 extensions), and absent members are left out rather than written as null.
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
            schema.Required = new HashSet<string>(["title", "status", .. Always(type)]);
            if (schema.Properties?.TryGetValue("status", out var status) == true && status is OpenApiSchema s)
            {
                s.Type = JsonSchemaType.Integer;
                s.Pattern = null;
            }
            if (type == typeof(AccessProblem) && schema.Properties is { } properties)
            {
                // The values are the policy's own names, so the document follows the policy when it gains one.
                Restrict(properties, "reason", Enum.GetNames<RefusalReason>());
                Restrict(properties, "operation", Enum.GetNames<Operation>());
            }
            document.AddComponent(type.Name, schema);
        }
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>The members each problem always has besides title and status (ProblemMapper writes them).</summary>
    private static string[] Always(Type type) =>
        type == typeof(AccessProblem) ? ["reason", "operation"]
        : type == typeof(ConcurrencyProblem) ? ["currentETag"]
        : type == typeof(UnavailableProblem) ? ["retryAfter"]
        : [];

    private static void Restrict(IDictionary<string, IOpenApiSchema> properties, string name, string[] values)
    {
        if (properties.TryGetValue(name, out var p) && p is OpenApiSchema s)
            s.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } });
    }

    private static string Key(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(int status, string? declared) => status switch
    {
        400 => "The request is not valid: every bad field is named, with stable codes. Nothing was changed.",
        401 => "Not signed in: a bearer token from Entra ID is missing, expired or not for this app.",
        403 => "Signed in, but the access policy refuses this operation to the caller (reason and operation say why). Nothing was changed.",
        404 => "The plan or item asked for does not exist.",
        409 => "A resource with that identity exists already. Nothing was changed.",
        412 => "Someone else changed the resource since it was read (currentETag is its version now). Nothing was changed.",
        413 => "The body is larger than 64 KiB. Nothing was changed.",
        415 => "The body is not JSON (application/json in UTF-8). Nothing was changed.",
        428 => "The change needs the version read, in If-Match. Nothing was changed.",
        503 => "A service the app depends on is unavailable, or SharePoint asks the app to wait: try again after Retry-After seconds. Nothing was changed.",
        _ => string.IsNullOrEmpty(declared) ? "A problem." : declared,
    };
}
