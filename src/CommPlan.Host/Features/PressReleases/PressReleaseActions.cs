using System.Globalization;
using System.Text.Json;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Plans;
using CommPlan.Application.PressReleases;
using CommPlan.Domain.Common;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Bot;
using static CommPlan.Host.Features.PressReleases.PressReleaseCards;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>What the press-release card actions share: who is asking, and the release the card is about.</summary>
public sealed class PressReleaseTurn(BotUsers users, BotCards common, OrganisationClock clock)
{
    public Actor? ActorOf(TurnContext turn) => users.ActorOf(turn);

    public CardActionResult NotIdentified(TurnContext turn) => new CardActionResult.Card(common.NotIdentified(turn.Culture));

    public CardActionResult UnknownAction(TurnContext turn) => new CardActionResult.Card(common.Error(turn.Culture, BotCards.ErrorKind.UnknownAction));

    public static (Guid PlanId, Guid ReleaseId) Ids(CardActionRequest action) =>
        (Guid.TryParse(action.GetString("planId"), out var p) ? p : Guid.Empty, Guid.TryParse(action.GetString("releaseId"), out var r) ? r : Guid.Empty);

    /// <summary>The form's inputs as the release's content; the date and time are the organisation's local time.</summary>
    public PressReleaseContent ContentOf(CardActionRequest action)
    {
        DateTimeOffset? planned = null;
        if (DateOnly.TryParseExact(action.GetString(DateInput), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && TimeOnly.TryParseExact(action.GetString(TimeInput) ?? "09:00", ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var local = date.ToDateTime(time);
            planned = new DateTimeOffset(local, clock.TimeZone.GetUtcOffset(local));
        }
        var unit = action.GetString(UnitInput);
        return PressReleaseContent.Create(action.GetString(TitleInput), action.GetString(LeadInput), action.GetString(BodyInput), planned,
            string.IsNullOrWhiteSpace(unit) ? null : unit, null, action.GetString(ContactInput));
    }
}

/// <summary>The submission form sent: the release is stored as version 1 and the approval card goes out.</summary>
public sealed class SubmitPressReleaseAction(PressReleaseService service, PlanService plans, PressReleaseTurn turns, PressReleaseCards cards) : ICardActionHandler
{
    public const string Name = "pressrelease.submit";
    public string Verb => Name;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        if (turns.ActorOf(turn) is not { } actor) return turns.NotIdentified(turn);
        var planId = Guid.TryParse(action.GetString("planId"), out var p) ? p : Guid.Empty;
        try
        {
            var change = await service.CreateAsync(actor, planId, turns.ContentOf(action), submit: true, ct);
            return new CardActionResult.Card(cards.Submitted(turn.Culture, change.After.Value));
        }
        catch (DomainValidationException)
        {
            // The client checks the required fields; what still fails is shown as the form again.
            return new CardActionResult.Card(cards.Form(turn.Culture, await plans.GetAsync(actor, planId, ct)));
        }
    }
}

/// <summary>"Edit and resubmit" on the submitter's card: the next version, on the same approval card.</summary>
public sealed class ResubmitPressReleaseAction(PressReleaseService service, PressReleaseTurn turns, PressReleaseCards cards) : ICardActionHandler
{
    public const string Name = "pressrelease.resubmit";
    public string Verb => Name;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        if (turns.ActorOf(turn) is not { } actor) return turns.NotIdentified(turn);
        var (planId, releaseId) = PressReleaseTurn.Ids(action);
        try
        {
            var change = await service.SubmitAsync(actor, planId, releaseId, turns.ContentOf(action), null, null, ct);
            return new CardActionResult.Card(cards.Submitted(turn.Culture, change.After.Value));
        }
        catch (PressReleaseRefusedException e)
        {
            var view = await service.GetAsync(actor, planId, releaseId, ct);
            return new CardActionResult.Card(cards.Approval(turn.Culture, e.Current, view.History, canDecide: false, notice: cards.StateName(e.Current.State)));
        }
    }
}

/// <summary>
/// The card's refresh (and a press of it): communicators get the view with the buttons while the version waits,
/// everyone else the read-only card.
/// </summary>
public sealed class ViewPressReleaseAction(PressReleaseService service, PressReleaseTurn turns, PressReleaseCards cards, PressReleaseDeciders deciders) : ICardActionHandler
{
    public const string Name = "pressrelease.view";
    public string Verb => Name;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        if (turns.ActorOf(turn) is not { } actor) return turns.NotIdentified(turn);
        var (planId, releaseId) = PressReleaseTurn.Ids(action);
        var view = await service.GetAsync(actor, planId, releaseId, ct);
        var canDecide = await service.CanDecideAsync(actor, planId, ct);
        return new CardActionResult.Card(cards.Approval(turn.Culture, view.Release.Value, view.History, canDecide, await deciders.MrisAsync(planId, ct)));
    }
}

/// <summary>
/// A communicator's decision from the card. The answer replaces the card for the person who pressed; the outbox
/// updates it for everyone. The loser of a race hears who decided; a press on a replaced version gets the
/// protocol's 412 and the current card is put back in place.
/// </summary>
public sealed class DecidePressReleaseAction(PressReleaseService service, PressReleaseTurn turns, PressReleaseCards cards, PressReleaseFollowUp followUp) : ICardActionHandler
{
    public const string Name = "pressrelease.decide";
    public string Verb => Name;

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest action, CancellationToken ct)
    {
        if (turns.ActorOf(turn) is not { } actor) return turns.NotIdentified(turn);
        var (planId, releaseId) = PressReleaseTurn.Ids(action);
        var version = action.Data.ValueKind == JsonValueKind.Object && action.Data.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0;
        if (!Enum.TryParse<PressReleaseDecision>(action.GetString("decision"), out var decision)) return turns.UnknownAction(turn);
        try
        {
            var change = await service.DecideAsync(actor, planId, releaseId, version, decision, action.GetString(CommentInput), ct);
            var view = await service.GetAsync(actor, planId, releaseId, ct);
            return new CardActionResult.Card(cards.Approval(turn.Culture, change.After.Value, view.History, canDecide: false));
        }
        catch (PressReleaseRefusedException e) when (e.Reason == PressReleaseRefusal.StaleVersion)
        {
            await followUp.RestoreCardAsync(e.Current, ct);
            return new CardActionResult.PreconditionFailed(cards.Stale(e.Current));
        }
        catch (PressReleaseRefusedException e)
        {
            var view = await service.GetAsync(actor, planId, releaseId, ct);
            var notice = e.Reason == PressReleaseRefusal.AlreadyDecided ? cards.AlreadyDecided(e.Current) : cards.StateName(e.Current.State);
            return new CardActionResult.Card(cards.Approval(turn.Culture, e.Current, view.History, canDecide: false, notice: notice));
        }
        catch (DomainValidationException)
        {
            // A comment is needed to ask for changes or reject: the communicator's view again, saying so.
            var view = await service.GetAsync(actor, planId, releaseId, ct);
            return new CardActionResult.Card(cards.Approval(turn.Culture, view.Release.Value, view.History, canDecide: true, notice: cards.CommentNeeded()));
        }
    }
}
