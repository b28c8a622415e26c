using CommPlan.Application.Access;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using CommPlan.Host.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommPlan.Host.Features.Plans;

/// <summary>
/// Starting and keeping a plan: a year's plan created, its vocabularies revised (quoting the version read), next
/// year's plan started from it, and its activities filled from a spreadsheet. Communicators only.
/// </summary>
public static class PlanAdminApi
{
    public static RouteGroupBuilder MapPlanAdminApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").RequireAuthorization().WithTags("Plans");

        plans.MapPost("/", async Task<Created<PlanView>> (HttpRequest request, PlanService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<NewPlanInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.Year is null) errors.Add("year", ErrorCodes.Required);
            errors.ThrowIfAny();
            var created = await service.CreateAsync(actor, input.Year!.Value, Vocabulary(input.Organisation, input.Department, input.Title,
                input.Goals, input.TargetGroups, input.Channels, input.Units), ct);
            request.HttpContext.Response.Headers.ETag = created.ETag;
            return TypedResults.Created($"/api/plans/{created.Value.Id}", PlanView.From(created.Value));
        })
        .WithName("CreatePlan")
        .Accepts<NewPlanInput>("application/json")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        plans.MapPut("/{planId:guid}", async Task<Ok<PlanView>> (Guid planId, HttpRequest request, PlanService service, Actor actor, CancellationToken ct) =>
        {
            var ifMatch = request.IfMatch();
            var input = await JsonBody.ReadAsync<PlanVocabularyInput>(request, ct);
            var revised = await service.ReviseAsync(actor, planId, Vocabulary(input.Organisation, input.Department, input.Title,
                input.Goals, input.TargetGroups, input.Channels, input.Units), ifMatch, ct);
            request.HttpContext.Response.Headers.ETag = revised.ETag;
            return TypedResults.Ok(PlanView.From(revised.Value));
        })
        .WithName("RevisePlan")
        .Accepts<PlanVocabularyInput>("application/json")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        plans.MapPost("/{planId:guid}/next-year", async Task<Created<CarriedPlanView>> (Guid planId, HttpRequest request, PlanService service, Actor actor, CancellationToken ct) =>
        {
            var input = request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"))
                ? new NextYearInput(null, null)
                : await JsonBody.ReadAsync<NextYearInput>(request, ct);
            var (plan, count) = await service.CarryForwardAsync(actor, planId, input.Year, input.OneOffs ?? [], ct);
            request.HttpContext.Response.Headers.ETag = plan.ETag;
            return TypedResults.Created($"/api/plans/{plan.Value.Id}", new CarriedPlanView(PlanView.From(plan.Value), count));
        })
        .WithName("CarryPlanForward")
        .Accepts<NextYearInput>("application/json")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        plans.MapPost("/{planId:guid}/import", async Task<Ok<ImportReport>> (Guid planId, [FromQuery] bool? dryRun, HttpRequest request, PlanService service, Actor actor, CancellationToken ct) =>
        {
            var rows = await SpreadsheetRows.ReadAsync(request, ct);
            return TypedResults.Ok(await service.ImportAsync(actor, planId, rows, dryRun ?? false, ct));
        })
        .WithName("ImportActivities")
        .Accepts<IFormFile>(SpreadsheetRows.XlsxType, "multipart/form-data")
        .DisableAntiforgery()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return plans;
    }

    /// <summary>The wire input as the model's words; a null entry in a list (<c>[null]</c>) is a field error, not a crash.</summary>
    private static PlanVocabulary Vocabulary(string? organisation, string? department, string? title, Goal[]? goals,
        TargetGroup[]? targetGroups, Channel[]? channels, Unit[]? units)
    {
        var errors = new ErrorCollector();
        NoNulls("goals", goals, errors);
        NoNulls("targetGroups", targetGroups, errors);
        NoNulls("channels", channels, errors);
        NoNulls("units", units, errors);
        errors.ThrowIfAny();
        return new(organisation ?? "", department ?? "", title ?? "", goals ?? [], targetGroups ?? [], channels ?? [], units ?? []);
    }

    private static void NoNulls<T>(string field, T?[]? entries, ErrorCollector errors) where T : class
    {
        for (var i = 0; i < (entries?.Length ?? 0); i++)
            if (entries![i] is null) errors.Add($"{field}[{i}]", ErrorCodes.Required);
    }
}

/// <summary>A new year's plan: its year and its vocabularies.</summary>
public sealed record NewPlanInput(int? Year, string? Organisation, string? Department, string? Title,
    Goal[]? Goals, TargetGroup[]? TargetGroups, Channel[]? Channels, Unit[]? Units);

/// <summary>A plan's vocabularies, whole; an entry keeps its activities by keeping its key.</summary>
public sealed record PlanVocabularyInput(string? Organisation, string? Department, string? Title,
    Goal[]? Goals, TargetGroup[]? TargetGroups, Channel[]? Channels, Unit[]? Units);

/// <summary>Next year's plan: which year (the next by default) and which one-off activities to take along.</summary>
public sealed record NextYearInput(int? Year, Guid[]? OneOffs);

public sealed record CarriedPlanView(PlanView Plan, int Activities);
