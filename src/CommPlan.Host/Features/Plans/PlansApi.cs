using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Host.Api;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Host.Features.ApiDescription;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommPlan.Host.Features.Plans;

/// <summary>The plan API: plans with their vocabularies, and the activity plan's rows.</summary>
public static class PlansApi
{
    public static RouteGroupBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").RequireAuthorization().WithTags("Plans");

        plans.MapGet("/", async (PlanService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(actor, ct)).Select(PlanSummary.From).ToArray()))
            .WithName("ListPlans");

        plans.MapGet("/current", async Task<Results<Ok<PlanView>, NotFound>> (PlanService service, Actor actor, CancellationToken ct) =>
            await service.FindCurrentAsync(actor, ct) is { } plan ? TypedResults.Ok(PlanView.From(plan)) : TypedResults.NotFound())
            .WithName("GetCurrentPlan");

        plans.MapGet("/{planId:guid}", async (Guid planId, HttpResponse response, PlanService service, Actor actor, CancellationToken ct) =>
        {
            // The version a change of the plan's vocabularies must quote (If-Match).
            var plan = await service.GetVersionedAsync(actor, planId, ct);
            response.Headers.ETag = plan.ETag;
            return TypedResults.Ok(PlanView.From(plan.Value));
        })
            .WithName("GetPlan").AnswersETag();

        var activities = plans.MapGroup("/{planId:guid}/activities");
        activities.MapActivityHistory();

        activities.MapGet("/", async (Guid planId, HttpRequest request, ActivityService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var filter = QueryParsing.ReadFilter(request.Query);
            var items = await service.ListAsync(actor, planId, filter, ct);
            var today = clock.Today;
            return TypedResults.Ok(new ActivityList(items.Count, items.Select(a => ActivityView.From(a.Value, a.ETag, today)).ToArray()));
        }).WithName("ListActivities").ReadsQuery(ActivityFilterQuery.Parameters);

        activities.MapGet("/{activityId:guid}", async (Guid planId, Guid activityId, HttpResponse response, ActivityService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
            Respond(response, await service.GetAsync(actor, planId, activityId, ct), clock))
            .WithName("GetActivity").AnswersETag();

        activities.MapPost("/", async (Guid planId, HttpRequest request, ActivityService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<ActivityInput>(request, ct);
            var created = await service.CreateAsync(actor, planId, plan => ToDetails(input, plan.Year), ct);
            request.HttpContext.Response.Headers.ETag = created.ETag;
            return TypedResults.Created($"/api/plans/{planId}/activities/{created.Value.Id}", ActivityView.From(created.Value, created.ETag, clock.Today));
        }).WithName("CreateActivity").AcceptsJson<ActivityInput>().AnswersETag().ProducesProblem(StatusCodes.Status409Conflict);

        activities.MapPut("/{activityId:guid}", async (Guid planId, Guid activityId, HttpRequest request, ActivityService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var ifMatch = request.IfMatch();
            var input = await JsonBody.ReadAsync<ActivityInput>(request, ct);
            return Respond(request.HttpContext.Response, await service.ReviseAsync(actor, planId, activityId, plan => ToDetails(input, plan.Year), ifMatch, ct), clock);
        }).WithName("ReplaceActivity").AcceptsJson<ActivityInput>().RequiresIfMatch();

        activities.MapDelete("/{activityId:guid}", async (Guid planId, Guid activityId, HttpRequest request, ActivityService service, Actor actor, CancellationToken ct) =>
        {
            await service.DeleteAsync(actor, planId, activityId, request.IfMatch(), ct);
            return TypedResults.NoContent();
        }).WithName("DeleteActivity").RequiresIfMatch();

        activities.MapPost("/{activityId:guid}/figures", async (Guid planId, Guid activityId, HttpRequest request, ActivityService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var ifMatch = request.IfMatch();
            var input = await JsonBody.ReadAsync<FigureInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.Value is null) errors.Add("value", ErrorCodes.Required);
            errors.ThrowIfAny();
            var figure = new FollowUpFigure(input.RecordedOn ?? clock.Today, input.Value!.Value, input.Note);
            return Respond(request.HttpContext.Response, await service.RecordFigureAsync(actor, planId, activityId, figure, ifMatch, ct), clock);
        }).WithName("RecordFigure").AcceptsJson<FigureInput>().RequiresIfMatch();

        activities.MapPut("/{activityId:guid}/occurrences/{deadline}", async (Guid planId, Guid activityId, string deadline, HttpRequest request, ActivityService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var ifMatch = request.IfMatch();
            var errors = new ErrorCollector();
            if (!DateOnly.TryParseExact(deadline, "yyyy-MM-dd", out var due)) errors.Add("deadline", ErrorCodes.Unparseable);
            var input = await JsonBody.ReadAsync<OccurrenceInput>(request, ct);
            if (input.Status is null) errors.Add("status", ErrorCodes.Required);
            errors.ThrowIfAny();
            return Respond(request.HttpContext.Response,
                await service.ChangeOccurrenceStatusAsync(actor, planId, activityId, due, input.Status!.Value, input.CompletedOn, ifMatch, ct), clock);
        }).WithName("ChangeOccurrence").AcceptsJson<OccurrenceInput>().RequiresIfMatch();

        return plans;
    }

    private static Ok<ActivityView> Respond(HttpResponse response, Versioned<Activity> activity, OrganisationClock clock)
    {
        response.Headers.ETag = activity.ETag;
        return TypedResults.Ok(ActivityView.From(activity.Value, activity.ETag, clock.Today));
    }


    /// <summary>The wire input as the model's words; shape errors (no period, unreadable schedule) are field errors.</summary>
    internal static ActivityDetails ToDetails(ActivityInput input, int planYear)
    {
        var errors = new ErrorCollector();
        Period period = default;
        Recurrence? recurrence = null;
        if (input.Period is { } p)
        {
            period = new Period(p.From, p.To);
            recurrence = ToRecurrence(input.Recurrence, errors);
        }
        else if (input.Schedule is { } text)
        {
            if (text.Length > 100) errors.Add("schedule", ErrorCodes.TooLong, 100);
            else if (SchedulePhrase.TryParse(text, planYear, out var schedule))
            {
                period = schedule.Period;
                recurrence = input.Recurrence is null ? schedule.Recurrence : ToRecurrence(input.Recurrence, errors);
            }
            else errors.Add("schedule", ErrorCodes.Unparseable);
        }
        else errors.Add("period", ErrorCodes.Required);

        if (input.Owner is { } owner && owner.DisplayName is null) errors.Add("owner.displayName", ErrorCodes.Required);
        errors.ThrowIfAny();

        return new ActivityDetails
        {
            Title = input.Title ?? "",
            Description = input.Description,
            UnitKey = input.Unit ?? "",
            Period = period,
            Deadline = input.Deadline,
            Recurrence = recurrence,
            Channels = input.Channels ?? [],
            TargetGroups = input.TargetGroups ?? [],
            Goals = input.Goals ?? [],
            Owner = input.Owner is { } o ? new Owner(o.ObjectId, o.DisplayName, o.Email) : null,
            FollowUpMetric = input.FollowUpMetric,
            Status = input.Status,
            CompletedOn = input.CompletedOn,
        };
    }

    private static Recurrence? ToRecurrence(RecurrenceJson? r, ErrorCollector errors)
    {
        if (r is null) return null;
        switch (r.Kind)
        {
            case RecurrenceKind.Monthly: return Recurrence.Monthly();
            case RecurrenceKind.PerTerm: return Recurrence.PerTerm();
            case RecurrenceKind.TimesPerYear when r.Count is >= 1 and <= 52: return Recurrence.TimesPerYear(r.Count.Value);
            case RecurrenceKind.TimesPerYear: errors.Add("recurrence.count", ErrorCodes.OutOfRange, "1-52"); return null;
            case RecurrenceKind.SpecificMonths when r.Months is { Length: > 0 } m && m.All(x => x is >= 1 and <= 12): return Recurrence.SpecificMonths(m);
            case RecurrenceKind.SpecificMonths: errors.Add("recurrence.months", ErrorCodes.OutOfRange, "1-12"); return null;
            default: errors.Add("recurrence.kind", ErrorCodes.Unparseable); return null;
        }
    }
}
