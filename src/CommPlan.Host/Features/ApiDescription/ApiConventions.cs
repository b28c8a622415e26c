using Microsoft.AspNetCore.Http.Metadata;

namespace CommPlan.Host.Features.ApiDescription;

/// <summary>
/// What an endpoint declares about itself beyond its result types, read by the operation transformer: the body it
/// reads by hand, the version it answers (ETag) or needs (If-Match), the query it reads. Endpoints say these once;
/// the problem answers that follow from them are added by rule (<see cref="ProblemResponses"/>).
/// </summary>
public static class ApiConventions
{
    /// <summary>The handler reads a JSON body of <typeparamref name="T"/> itself (strictly, through JsonBody).</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder) where T : notnull =>
        builder.WithMetadata(new JsonBodyMetadata(typeof(T)));

    /// <summary>The success answer carries the resource's version in ETag, for the next write's If-Match.</summary>
    public static TBuilder AnswersETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ETagMetadata());

    /// <summary>A conditional write: without If-Match 428, with a version someone else has replaced 412 (naming the current one).</summary>
    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IfMatchMetadata());

    /// <summary>The handler reads these query parameters itself; any other name, or a bad value, is a 400 naming it.</summary>
    public static TBuilder ReadsQuery<TBuilder>(this TBuilder builder, params QueryParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryMetadata(parameters));
}

/// <summary>A JSON body read by the handler: described as the request body, with 400, 413 and 415 as its problems.</summary>
public sealed record JsonBodyMetadata(Type Type) : IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes { get; } = ["application/json"];
    Type? IAcceptsMetadata.RequestType => Type;
    bool IAcceptsMetadata.IsOptional => false;
}

public sealed record ETagMetadata;

public sealed record IfMatchMetadata;

/// <summary>A query parameter: its name, what it means, and the values it takes (null: any text).</summary>
public sealed record QueryParameter(string Name, string Description, string Format = "", IReadOnlyList<string>? Values = null);

public sealed record QueryMetadata(IReadOnlyList<QueryParameter> Parameters);
