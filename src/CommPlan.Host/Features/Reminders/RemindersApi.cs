using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Reminders;
using CommPlan.Application.Storage;
using CommPlan.Domain.Common;
using CommPlan.Domain.Reminders;
using CommPlan.Host.Api;
using CommPlan.Host.Features.ApiDescription;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommPlan.Host.Features.Reminders;

/// <summary>
/// A plan's deadline reminders for its communicators: the policy (read by everyone in the tenant, changed by
/// communicators against its version), the preview of what a day sends per person, and the delivery report (state
/// and reason per recipient, so nobody is missed silently).
/// </summary>
public static class RemindersApi
{
    public const int MaxReportDays = 93;

    public static RouteGroupBuilder MapRemindersApi(this IEndpointRouteBuilder app)
    {
        var reminders = app.MapGroup("/api/plans/{planId:guid}/reminders").RequireAuthorization().WithTags("Reminders");

        reminders.MapGet("/policy", async (Guid planId, HttpResponse response, ReminderService service, Actor actor, CancellationToken ct) =>
            Respond(response, await service.GetPolicyAsync(actor, planId, ct)))
            .WithName("GetReminderPolicy").AnswersETag();

        reminders.MapPut("/policy", async (Guid planId, HttpRequest request, ReminderService service, Actor actor, CancellationToken ct) =>
        {
            var ifMatch = request.IfMatch();
            var input = await JsonBody.ReadAsync<ReminderPolicyInput>(request, ct);
            return Respond(request.HttpContext.Response, await service.SavePolicyAsync(actor, planId, input.ToPolicy(), ifMatch, ct));
        }).WithName("SaveReminderPolicy").AcceptsJson<ReminderPolicyInput>().RequiresIfMatch();

        reminders.MapGet("/preview", async (Guid planId, HttpRequest request, ReminderService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var errors = new ErrorCollector();
            var day = ReadDate(request, "date", clock.Today, errors);
            errors.ThrowIfAny();
            var sweep = await service.PreviewAsync(actor, planId, day, ct);
            return TypedResults.Ok(new ReminderPreviewView(day, sweep.InWindow, sweep.Digests.Select(RecipientPreview.From).ToArray()));
        }).WithName("PreviewReminders").ReadsQuery(new QueryParameter("date", "The day to preview (yyyy-MM-dd); today when left out.", "date"));

        reminders.MapGet("/deliveries", async (Guid planId, HttpRequest request, ReminderService service, Actor actor, OrganisationClock clock, CancellationToken ct) =>
        {
            var errors = new ErrorCollector();
            var to = ReadDate(request, "to", clock.Today, errors);
            var from = ReadDate(request, "from", to.AddDays(-13), errors);
            if (from > to) errors.Add("from", ErrorCodes.OutOfRange, to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            else if (to.DayNumber - from.DayNumber >= MaxReportDays) errors.Add("from", ErrorCodes.OutOfRange, MaxReportDays);
            errors.ThrowIfAny();
            var lines = await service.DeliveryReportAsync(actor, planId, from, to, ct);
            return TypedResults.Ok(new DeliveryReportView(from, to, lines.Select(DeliveryLineView.From).ToArray()));
        }).WithName("ListReminderDeliveries").ReadsQuery(
            new QueryParameter("from", "First day (yyyy-MM-dd); two weeks before `to` when left out.", "date"),
            new QueryParameter("to", "Last day (yyyy-MM-dd); today when left out.", "date"));

        reminders.MapPost("/snoozes", async (Guid planId, HttpRequest request, ReminderService service, Actor actor, CancellationToken ct) =>
        {
            var input = await JsonBody.ReadAsync<SnoozeInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.ActivityId is null) errors.Add("activityId", ErrorCodes.Required);
            if (input.Deadline is null) errors.Add("deadline", ErrorCodes.Required);
            if (input.Until is null) errors.Add("until", ErrorCodes.Required);
            errors.ThrowIfAny();
            // The caller's own reminders, as the card's button does for the person it was sent to.
            await service.SnoozeAsync(actor, planId, input.ActivityId!.Value, input.Deadline!.Value, actor.ObjectId.ToString("D"), input.Until!.Value, ct);
            return TypedResults.NoContent();
        }).WithName("SnoozeReminder").AcceptsJson<SnoozeInput>().ProducesValidationProblem();

        return reminders;
    }

    private static DateOnly ReadDate(HttpRequest request, string name, DateOnly fallback, ErrorCollector errors)
    {
        var text = request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(name, ErrorCodes.Unparseable);
        return fallback;
    }

    private static Ok<ReminderPolicyView> Respond(HttpResponse response, Versioned<ReminderPolicy> policy)
    {
        response.Headers.ETag = policy.ETag;
        return TypedResults.Ok(ReminderPolicyView.From(policy.Value, policy.ETag));
    }
}

/// <summary>No reminders of the deadline (the activity's, or one occurrence's) before <paramref name="Until"/>.</summary>
public sealed record SnoozeInput(Guid? ActivityId, DateOnly? Deadline, DateOnly? Until);

public sealed record UnitManagerView(string UnitKey, Guid ObjectId, string DisplayName);

public sealed record ReminderPolicyView(
    bool Enabled, IReadOnlyList<int> LeadWorkingDays, bool OnTheDay, int LateReminders, int EscalateAfterWorkingDays,
    string SendFrom, string SendUntil, IReadOnlyList<UnitManagerView> UnitManagers, string ETag)
{
    public static ReminderPolicyView From(ReminderPolicy p, string etag) => new(p.Enabled, p.LeadWorkingDays, p.OnTheDay, p.LateReminders,
        p.EscalateAfterWorkingDays, p.SendFrom.ToString("HH:mm", CultureInfo.InvariantCulture), p.SendUntil.ToString("HH:mm", CultureInfo.InvariantCulture),
        p.UnitManagers.Select(m => new UnitManagerView(m.UnitKey, m.ObjectId, m.DisplayName)).ToArray(), etag);
}

/// <summary>A whole policy; a field left out takes the default's value.</summary>
public sealed record ReminderPolicyInput(
    bool? Enabled, IReadOnlyList<int>? LeadWorkingDays, bool? OnTheDay, int? LateReminders, int? EscalateAfterWorkingDays,
    string? SendFrom, string? SendUntil, IReadOnlyList<UnitManagerView>? UnitManagers)
{
    public ReminderPolicy ToPolicy()
    {
        var errors = new ErrorCollector();
        var d = ReminderPolicy.Default;
        var from = Time("sendFrom", SendFrom, d.SendFrom, errors);
        var until = Time("sendUntil", SendUntil, d.SendUntil, errors);
        errors.ThrowIfAny();
        return new ReminderPolicy
        {
            Enabled = Enabled ?? d.Enabled,
            LeadWorkingDays = LeadWorkingDays ?? d.LeadWorkingDays,
            OnTheDay = OnTheDay ?? d.OnTheDay,
            LateReminders = LateReminders ?? d.LateReminders,
            EscalateAfterWorkingDays = EscalateAfterWorkingDays ?? d.EscalateAfterWorkingDays,
            SendFrom = from,
            SendUntil = until,
            UnitManagers = (UnitManagers ?? []).Select(m => new UnitManager(m.UnitKey ?? "", m.ObjectId, m.DisplayName ?? "")).ToArray(),
        };
    }

    private static TimeOnly Time(string field, string? text, TimeOnly fallback, ErrorCollector errors)
    {
        if (text is null) return fallback;
        if (TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors.Add(field, ErrorCodes.Unparseable);
        return fallback;
    }
}

public sealed record PreviewItemView(Guid ActivityId, string Title, DateOnly Deadline, bool IsOccurrence, ReminderKind Kind, int WorkingDays, string Key);

public sealed record RecipientPreview(string RecipientKey, string DisplayName, Guid? ObjectId, string? Email, IReadOnlyList<PreviewItemView> Items)
{
    public static RecipientPreview From(ReminderDigest d) => new(d.RecipientKey, d.Recipient.DisplayName, d.Recipient.ObjectId, d.Recipient.Email,
        d.Items.Select(i => new PreviewItemView(i.ActivityId, i.Title, i.Deadline, i.IsOccurrence, i.Point.Kind, i.Point.WorkingDays, i.Key)).ToArray());
}

/// <param name="SendDay">False on a day off, or when the plan's reminders are off: nothing is sent that day.</param>
public sealed record ReminderPreviewView(DateOnly Date, bool SendDay, IReadOnlyList<RecipientPreview> Recipients);

public sealed record DeliveryLineView(
    DateOnly Day, string RecipientKey, string RecipientName, Guid ActivityId, string Title, DateOnly Deadline, ReminderKind Kind, int WorkingDays,
    bool CatchUp, ReminderReportState State, string? Reason, string Key)
{
    public static DeliveryLineView From(ReminderReportLine l) => new(l.Delivery.Day, l.Delivery.RecipientKey, l.Delivery.RecipientName,
        l.Delivery.ActivityId, l.Delivery.Title, l.Delivery.Deadline, l.Delivery.Kind, l.Delivery.WorkingDays, l.Delivery.CatchUp, l.State, l.Reason, l.Delivery.Key);
}

public sealed record DeliveryReportView(DateOnly From, DateOnly To, IReadOnlyList<DeliveryLineView> Items);
