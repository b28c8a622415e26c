using System.Globalization;
using System.Text;
using CommPlan.Application.Access;
using CommPlan.Application.PressReleases;
using CommPlan.Application.Storage;
using CommPlan.Domain.Common;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Api;
using CommPlan.Host.Features.ApiDescription;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>Press releases as a resource of the plan, and the plan's record of them for registration.</summary>
public static class PressReleasesApi
{
    public static RouteGroupBuilder MapPressReleasesApi(this IEndpointRouteBuilder app)
    {
        var releases = app.MapGroup("/api/plans/{planId:guid}/press-releases").RequireAuthorization().WithTags("Press releases");

        releases.MapGet("/", async (Guid planId, PressReleaseService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(actor, planId, ct)).Select(r => PressReleaseJson.From(r, null)).ToArray()))
            .WithName("ListPressReleases");

        releases.MapPost("/", async (Guid planId, HttpRequest request, PressReleaseService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<PressReleaseInput>(request, ct);
            var change = await service.CreateAsync(actor, planId, input.ToContent(), input.Submit ?? true, ct);
            request.HttpContext.Response.Headers.ETag = change.After.ETag;
            return TypedResults.Created($"/api/plans/{planId}/press-releases/{change.After.Value.Id}", PressReleaseJson.From(change.After, [change.Entry]));
        }).WithName("CreatePressRelease").AcceptsJson<PressReleaseInput>().AnswersETag().ProducesProblem(StatusCodes.Status409Conflict);

        releases.MapGet("/{releaseId:guid}", async (Guid planId, Guid releaseId, HttpResponse response, PressReleaseService service, Actor actor, CancellationToken ct) =>
        {
            var view = await service.GetAsync(actor, planId, releaseId, ct);
            response.Headers.ETag = view.Release.ETag;
            return TypedResults.Ok(PressReleaseJson.From(view.Release, view.History));
        }).WithName("GetPressRelease").AnswersETag();

        releases.MapPost("/{releaseId:guid}/submission", async (Guid planId, Guid releaseId, HttpRequest request, PressReleaseService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<SubmissionInput>(request, ct);
            var change = await service.SubmitAsync(actor, planId, releaseId, input.Content?.ToContent(), input.Comment, request.IfMatch(), ct);
            return await RespondAsync(request.HttpContext.Response, service, actor, change, ct);
        }).WithName("SubmitPressRelease").AcceptsJson<SubmissionInput>().RequiresIfMatch().ProducesProblem(StatusCodes.Status409Conflict);

        releases.MapPost("/{releaseId:guid}/decision", async (Guid planId, Guid releaseId, HttpRequest request, PressReleaseService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<DecisionInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.Version is null) errors.Add("version", ErrorCodes.Required);
            if (input.Decision is null) errors.Add("decision", ErrorCodes.Required);
            errors.ThrowIfAny();
            var change = await service.DecideAsync(actor, planId, releaseId, input.Version!.Value, input.Decision!.Value, input.Comment, ct);
            return await RespondAsync(request.HttpContext.Response, service, actor, change, ct);
        }).WithName("DecidePressRelease").AcceptsJson<DecisionInput>().AnswersETag()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        releases.MapPost("/{releaseId:guid}/withdrawal", async (Guid planId, Guid releaseId, HttpRequest request, PressReleaseService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<WithdrawalInput>(request, ct);
            var change = await service.WithdrawAsync(actor, planId, releaseId, input.Reason, request.IfMatch(), ct);
            return await RespondAsync(request.HttpContext.Response, service, actor, change, ct);
        }).WithName("WithdrawPressRelease").AcceptsJson<WithdrawalInput>().RequiresIfMatch().ProducesProblem(StatusCodes.Status409Conflict);

        releases.MapPost("/{releaseId:guid}/sending", async (Guid planId, Guid releaseId, HttpRequest request, PressReleaseService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<SendingInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.SentOn is null) errors.Add("sentOn", ErrorCodes.Required);
            errors.ThrowIfAny();
            var change = await service.MarkSentAsync(actor, planId, releaseId, input.SentOn!.Value, input.Channels ?? [], request.IfMatch(), ct);
            return await RespondAsync(request.HttpContext.Response, service, actor, change, ct);
        }).WithName("MarkPressReleaseSent").AcceptsJson<SendingInput>().RequiresIfMatch().ProducesProblem(StatusCodes.Status409Conflict);

        releases.MapGet("/record", async (Guid planId, PressReleaseService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok((await service.RecordAsync(actor, planId, ct)).Select(RecordEntryJson.From).ToArray()))
            .WithName("GetPressReleaseRecord");

        releases.MapGet("/record.csv", async (Guid planId, PressReleaseService service, Actor actor, CancellationToken ct) =>
            TypedResults.Text(RecordCsv.Write(await service.RecordAsync(actor, planId, ct)), "text/csv; charset=utf-8", Encoding.UTF8))
            .WithName("ExportPressReleaseRecordCsv").Produces<string>(StatusCodes.Status200OK, "text/csv");

        return releases;
    }

    private static async Task<Ok<PressReleaseJson>> RespondAsync(HttpResponse response, PressReleaseService service, Actor actor, PressReleaseChange change, CancellationToken ct)
    {
        var view = await service.GetAsync(actor, change.After.Value.PlanId, change.After.Value.Id, ct);
        response.Headers.ETag = change.After.ETag;
        return TypedResults.Ok(PressReleaseJson.From(change.After, view.History));
    }
}

/// <summary>A new release; <see cref="Submit"/> false keeps it as a draft (default: submitted at once).</summary>
public sealed record PressReleaseInput(
    string? Title, string? Lead, string? Body, DateTimeOffset? PlannedSendAt, string? Unit, Guid? ActivityId, string? Contact, bool? Submit = null)
{
    public PressReleaseContent ToContent() => PressReleaseContent.Create(Title, Lead, Body, PlannedSendAt, Unit, ActivityId, Contact);
}

/// <summary>Submits a draft, or resubmits after changes were asked, with new content (or the same) and a note.</summary>
public sealed record SubmissionInput(PressReleaseInput? Content, string? Comment);

public sealed record DecisionInput(int? Version, PressReleaseDecision? Decision, string? Comment);

public sealed record WithdrawalInput(string? Reason);

public sealed record SendingInput(DateOnly? SentOn, string[]? Channels);

public sealed record PersonJson(Guid ObjectId, string Name)
{
    public static PersonJson From(Person p) => new(p.ObjectId, p.Name);
}

public sealed record DecisionJson(PressReleaseDecision Decision, PersonJson DecidedBy, DateTimeOffset At, int Version, string? Comment);

public sealed record SentJson(DateOnly SentOn, IReadOnlyList<string> Channels);

public sealed record PressReleaseJson(
    Guid Id, Guid PlanId, string Title, string Lead, string Body, DateTimeOffset PlannedSendAt, string? Unit, Guid? ActivityId, string Contact,
    PersonJson Submitter, int Version, PressReleaseState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DecisionJson? LastDecision, SentJson? Sent, string? WithdrawnReason, string Document, string ETag, IReadOnlyList<AuditEntryJson>? History)
{
    public static PressReleaseJson From(Versioned<PressRelease> v, IReadOnlyList<AuditEntry>? history)
    {
        var r = v.Value;
        return new(r.Id, r.PlanId, r.Content.Title, r.Content.Lead, r.Content.Body, r.Content.PlannedSendAt, r.Content.UnitKey, r.Content.ActivityId,
            r.Content.Contact, PersonJson.From(r.Submitter), r.Version, r.State, r.CreatedAt, r.UpdatedAt,
            r.LastDecision is { } d ? new DecisionJson(d.Decision, PersonJson.From(d.DecidedBy), d.At, d.Version, d.Comment) : null,
            r.Sent is { } s ? new SentJson(s.SentOn, s.Channels) : null, r.WithdrawnReason, r.DocumentName, v.ETag,
            history?.Select(AuditEntryJson.From).ToArray());
    }
}

public sealed record AuditEntryJson(
    Guid Id, Guid ReleaseId, int Version, AuditAction Action, PressReleaseState StateAfter, PersonJson Actor, DateTimeOffset At, string? Comment, string DocumentVersion)
{
    public static AuditEntryJson From(AuditEntry e) =>
        new(e.Id, e.ReleaseId, e.Version, e.Action, e.StateAfter, PersonJson.From(e.Actor), e.At, e.Comment, e.DocumentVersion);
}

/// <summary>
/// A line of the plan's record: a press release's entry (<see cref="ReleaseId"/>, its version and the state after) or
/// the adoption of a plan document (<see cref="Document"/> and, in <see cref="DocumentVersion"/>, the version the
/// adoption made).
/// </summary>
public sealed record RecordEntryJson(
    Guid Id, RecordSubject Subject, Guid? ReleaseId, string? Document, int? Version, AuditAction Action, PressReleaseState? StateAfter,
    PersonJson Actor, DateTimeOffset At, string? Comment, string DocumentVersion)
{
    public static RecordEntryJson From(RecordEntry entry) => entry switch
    {
        { Release: { } e } => new(e.Id, RecordSubject.PressRelease, e.ReleaseId, null, e.Version, e.Action, e.StateAfter, PersonJson.From(e.Actor), e.At,
            e.Comment, e.DocumentVersion),
        { Adoption: { } a } => new(a.Id, RecordSubject.PlanDocument, null, a.Document, null, AuditAction.Adopted, null, PersonJson.From(a.Actor), a.At,
            null, a.DocumentVersion),
        _ => throw new InvalidOperationException("A record entry is about a press release or a plan document."),
    };
}

/// <summary>The record as CSV for the records system: one line per entry, UTC times, formulas defused.</summary>
public static class RecordCsv
{
    // The subject and document columns came after the first ten; they stay last so that earlier imports keep their columns.
    public static readonly string[] Header =
        ["entryId", "at", "releaseId", "version", "action", "stateAfter", "actorObjectId", "actorName", "comment", "documentVersion", "subject", "document"];

    public static string Write(IEnumerable<RecordEntry> entries)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var e in entries.Select(RecordEntryJson.From))
        {
            string[] cells =
            [
                e.Id.ToString(), e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.ReleaseId?.ToString() ?? "",
                e.Version?.ToString(CultureInfo.InvariantCulture) ?? "", e.Action.ToString(), e.StateAfter?.ToString() ?? "", e.Actor.ObjectId.ToString(),
                e.Actor.Name, e.Comment ?? "", e.DocumentVersion, e.Subject.ToString(), e.Document ?? "",
            ];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>Quoted when needed; a cell a spreadsheet would run as a formula starts with an apostrophe instead.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
