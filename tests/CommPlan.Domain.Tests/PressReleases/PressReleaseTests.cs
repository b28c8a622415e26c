using CommPlan.Domain.Common;
using CommPlan.Domain.PressReleases;

namespace CommPlan.Domain.Tests.PressReleases;

public sealed class PressReleaseTests
{
    private static readonly Guid PlanId = Guid.Parse("0a4f0c51-6a52-4c4f-9d0f-2d1f6e3b7a10");
    private static readonly Person Sara = new(Guid.Parse("bd5a7e96-4172-40c1-9e85-6fb07c9e5a05"), "Sara Holm");
    private static readonly Person Anna = new(Guid.Parse("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01"), "Anna Lindqvist");
    private static readonly Person Erik = new(Guid.Parse("2c9d1e0f-7b8a-4c6d-8e5f-3a2b1c0d9e8f"), "Erik Berg");
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static PressReleaseContent Content(string title = "Vårrensning på Repris") =>
        PressReleaseContent.Create(title, "Repris tar emot allt du rensar ut.", "Hela texten.", T0.AddDays(3), "repris", null, "Sara Holm, 0911-000 00");

    private static PressRelease Submitted() => PressRelease.Submit(Guid.NewGuid(), PlanId, Content(), Sara, T0).Release;

    private static PressReleaseRefusal Refusal(Action act) => Assert.Throws<PressReleaseRefusedException>(act).Reason;

    [Fact]
    public void A_submitted_release_is_version_1_and_its_record_says_submitted_by_the_submitter()
    {
        var (release, entry) = PressRelease.Submit(Guid.NewGuid(), PlanId, Content(), Sara, T0);

        Assert.Equal(PressReleaseState.Submitted, release.State);
        Assert.Equal(1, release.Version);
        Assert.Equal((AuditAction.Submitted, PressReleaseState.Submitted, Sara, T0, 1), (entry.Action, entry.StateAfter, entry.Actor, entry.At, entry.Version));
        Assert.Equal(release.DocumentName, entry.DocumentVersion);
    }

    [Fact]
    public void Content_reports_every_missing_field_at_once()
    {
        var errors = Assert.Throws<DomainValidationException>(() => PressReleaseContent.Create(" ", null, "", null, null, null, "")).Errors;

        Assert.Equal(["title", "lead", "body", "contact", "plannedSendAt"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(ErrorCodes.Required, e.Code));
    }

    [Fact]
    public void A_draft_can_be_revised_and_then_submitted_by_its_submitter_only()
    {
        var (draft, created) = PressRelease.Draft(Guid.NewGuid(), PlanId, Content(), Sara, T0);
        Assert.Equal((PressReleaseState.Draft, AuditAction.Created), (draft.State, created.Action));
        var revised = draft.ReviseDraft(Content("Ny rubrik"), T0.AddMinutes(5));

        Assert.Equal(PressReleaseRefusal.NotSubmitter, Refusal(() => revised.SubmitDraft(Erik, T0)));
        var (submitted, entry) = revised.SubmitDraft(Sara, T0.AddMinutes(10));

        Assert.Equal((PressReleaseState.Submitted, 1, "Ny rubrik"), (submitted.State, submitted.Version, submitted.Content.Title));
        Assert.Equal(AuditAction.Submitted, entry.Action);
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => submitted.ReviseDraft(Content(), T0)));
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => submitted.SubmitDraft(Sara, T0)));
    }

    [Fact]
    public void Approving_the_current_version_records_who_when_and_on_which_version()
    {
        var (approved, entry) = Submitted().Decide(PressReleaseDecision.Approve, 1, Anna, T0.AddHours(1), null);

        Assert.Equal(PressReleaseState.Approved, approved.State);
        Assert.Equal(new DecisionRecord(PressReleaseDecision.Approve, Anna, T0.AddHours(1), 1, null), approved.LastDecision);
        Assert.Equal((AuditAction.Approved, Anna, 1), (entry.Action, entry.Actor, entry.Version));
    }

    [Theory]
    [InlineData(PressReleaseDecision.RequestChanges, PressReleaseState.ChangesRequested, AuditAction.ChangesRequested)]
    [InlineData(PressReleaseDecision.Reject, PressReleaseState.Rejected, AuditAction.Rejected)]
    public void Asking_for_changes_or_rejecting_needs_a_comment_which_the_record_keeps(PressReleaseDecision decision, PressReleaseState state, AuditAction action)
    {
        var release = Submitted();
        var errors = Assert.Throws<DomainValidationException>(() => release.Decide(decision, 1, Anna, T0, "  ")).Errors;
        Assert.Equal(("comment", ErrorCodes.Required), (errors.Single().Field, errors.Single().Code));

        var (after, entry) = release.Decide(decision, 1, Anna, T0, "Citatet saknar namn.");

        Assert.Equal(state, after.State);
        Assert.Equal((action, "Citatet saknar namn."), (entry.Action, entry.Comment));
    }

    [Fact]
    public void A_second_decision_on_the_same_version_is_refused_as_already_decided_naming_the_first()
    {
        var (approved, _) = Submitted().Decide(PressReleaseDecision.Approve, 1, Anna, T0, null);

        var refused = Assert.Throws<PressReleaseRefusedException>(() => approved.Decide(PressReleaseDecision.Reject, 1, Erik, T0, "Nej"));

        Assert.Equal(PressReleaseRefusal.AlreadyDecided, refused.Reason);
        Assert.Equal(Anna, refused.Current.LastDecision!.DecidedBy);
    }

    [Fact]
    public void A_resubmission_is_the_next_version_and_a_decision_on_the_old_one_is_stale()
    {
        var (changes, _) = Submitted().Decide(PressReleaseDecision.RequestChanges, 1, Anna, T0, "Kortare ingress.");
        Assert.Equal(PressReleaseRefusal.NotSubmitter, Refusal(() => changes.Resubmit(Content(), Erik, T0)));

        var (v2, entry) = changes.Resubmit(Content("Kortare"), Sara, T0.AddHours(2), "Kortade ingressen.");

        Assert.Equal((PressReleaseState.Submitted, 2), (v2.State, v2.Version));
        Assert.Equal((AuditAction.Resubmitted, 2, v2.DocumentName), (entry.Action, entry.Version, entry.DocumentVersion));
        Assert.NotEqual(changes.DocumentName, v2.DocumentName);
        Assert.Equal(PressReleaseRefusal.StaleVersion, Refusal(() => v2.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null)));
        Assert.Equal(PressReleaseState.Approved, v2.Decide(PressReleaseDecision.Approve, 2, Anna, T0, null).Release.State);
    }

    [Fact]
    public void Only_a_release_with_changes_requested_can_be_resubmitted()
    {
        var submitted = Submitted();
        var (approved, _) = submitted.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null);

        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => submitted.Resubmit(Content(), Sara, T0)));
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => approved.Resubmit(Content(), Sara, T0)));
    }

    [Fact]
    public void A_draft_is_not_decided()
    {
        var (draft, _) = PressRelease.Draft(Guid.NewGuid(), PlanId, Content(), Sara, T0);

        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => draft.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null)));
    }

    [Fact]
    public void An_approved_release_marked_sent_keeps_its_date_and_channels_and_is_final()
    {
        var (approved, _) = Submitted().Decide(PressReleaseDecision.Approve, 1, Anna, T0, null);

        var (sent, entry) = approved.MarkSent(new DateOnly(2026, 5, 7), ["webb", " pressmeddelande ", "webb"], Sara, T0.AddDays(3));

        Assert.Equal(PressReleaseState.Sent, sent.State);
        Assert.Equal(["webb", "pressmeddelande"], sent.Sent!.Channels);
        Assert.Equal(AuditAction.Sent, entry.Action);
        Assert.True(sent.IsFinal);
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => sent.Withdraw(Sara, T0, "för sent")));
    }

    [Fact]
    public void Only_an_approved_release_can_be_marked_sent_and_it_needs_a_channel()
    {
        var submitted = Submitted();
        var (approved, _) = submitted.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null);

        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => submitted.MarkSent(new DateOnly(2026, 5, 7), ["webb"], Sara, T0)));
        Assert.Equal("channels", Assert.Throws<DomainValidationException>(() => approved.MarkSent(new DateOnly(2026, 5, 4), [], Sara, T0)).Errors.Single().Field);
    }

    [Theory]
    [InlineData(PressReleaseState.Draft)]
    [InlineData(PressReleaseState.Submitted)]
    [InlineData(PressReleaseState.ChangesRequested)]
    [InlineData(PressReleaseState.Approved)]
    public void A_release_not_yet_final_can_be_withdrawn_with_a_reason(PressReleaseState state)
    {
        var release = Submitted() with { State = state };
        Assert.Throws<DomainValidationException>(() => release.Withdraw(Sara, T0, null));

        var (withdrawn, entry) = release.Withdraw(Sara, T0, "Evenemanget är inställt.");

        Assert.Equal((PressReleaseState.Withdrawn, "Evenemanget är inställt."), (withdrawn.State, withdrawn.WithdrawnReason));
        Assert.Equal((AuditAction.Withdrawn, "Evenemanget är inställt."), (entry.Action, entry.Comment));
    }

    [Theory]
    [InlineData(PressReleaseState.Rejected)]
    [InlineData(PressReleaseState.Withdrawn)]
    [InlineData(PressReleaseState.Sent)]
    public void A_final_release_takes_no_further_transition(PressReleaseState state)
    {
        var release = Submitted() with { State = state };

        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => release.Withdraw(Sara, T0, "x")));
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => release.Resubmit(Content(), Sara, T0)));
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => release.MarkSent(new DateOnly(2026, 5, 4), ["webb"], Sara, T0)));
        Assert.Equal(PressReleaseRefusal.InvalidTransition, Refusal(() => release.Decide(PressReleaseDecision.Approve, 1, Anna, T0, null)));
    }
}
