using CommPlan.Domain.Common;

namespace CommPlan.Domain.PressReleases;

/// <summary>Where a press release stands on its way to the media (seed 000 §7.2: the communicator approves first).</summary>
public enum PressReleaseState
{
    Draft,
    Submitted,
    ChangesRequested,
    Approved,
    Rejected,
    Withdrawn,
    Sent,
}

/// <summary>What a communicator decides on a submitted version.</summary>
public enum PressReleaseDecision
{
    Approve,
    RequestChanges,
    Reject,
}

/// <summary>A person as the record names them: their Entra object id (what counts) and the name shown.</summary>
public sealed record Person(Guid ObjectId, string Name);

/// <summary>What the submitter writes: the release itself and when, by whom and for what it goes out.</summary>
public sealed record PressReleaseContent(
    string Title, string Lead, string Body, DateTimeOffset PlannedSendAt, string? UnitKey, Guid? ActivityId, string Contact)
{
    public const int MaxTitleLength = 200;
    public const int MaxLeadLength = 1000;
    public const int MaxBodyLength = 20000;
    public const int MaxContactLength = 300;
    public const int MaxUnitKeyLength = 100;

    /// <summary>The content with trimmed texts, or every broken rule at once.</summary>
    public static PressReleaseContent Create(string? title, string? lead, string? body, DateTimeOffset? plannedSendAt,
        string? unitKey, Guid? activityId, string? contact)
    {
        var errors = new ErrorCollector();
        var t = errors.RequiredText("title", title, MaxTitleLength);
        var l = errors.RequiredText("lead", lead, MaxLeadLength);
        var b = errors.RequiredText("body", body, MaxBodyLength);
        var c = errors.RequiredText("contact", contact, MaxContactLength);
        var u = errors.OptionalText("unit", unitKey, MaxUnitKeyLength);
        if (plannedSendAt is null) errors.Add("plannedSendAt", ErrorCodes.Required);
        errors.ThrowIfAny();
        return new PressReleaseContent(t!, l!, b!, plannedSendAt!.Value, u, activityId == Guid.Empty ? null : activityId, c!);
    }
}

/// <summary>The last decision on the release: who, when, what, on which version and why.</summary>
public sealed record DecisionRecord(PressReleaseDecision Decision, Person DecidedBy, DateTimeOffset At, int Version, string? Comment);

/// <summary>When a release went out and through which channels (the plan's channel keys, or as written).</summary>
public sealed record SentRecord(DateOnly SentOn, IReadOnlyList<string> Channels);

/// <summary>
/// One press release of a plan. It is immutable: every transition returns the release after it together with the
/// audit entry that records it, or refuses with <see cref="PressReleaseRefusedException"/> and changes nothing.
/// <see cref="Version"/> counts submissions: 1 for the first, n+1 for each resubmission after changes were asked.
/// </summary>
public sealed record PressRelease
{
    public const int MaxCommentLength = 2000;
    public const int MaxChannels = 30;
    public const int MaxChannelLength = 100;

    public required Guid Id { get; init; }
    public required Guid PlanId { get; init; }
    public required PressReleaseContent Content { get; init; }
    public required Person Submitter { get; init; }
    public required int Version { get; init; }
    public required PressReleaseState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DecisionRecord? LastDecision { get; init; }
    public SentRecord? Sent { get; init; }

    /// <summary>Why it was withdrawn, when it was.</summary>
    public string? WithdrawnReason { get; init; }

    /// <summary>The file name of the document of the current version: each version keeps its own file.</summary>
    public string DocumentName => DocumentNameOf(Id, Version);

    public static string DocumentNameOf(Guid id, int version) => $"press-release-{id:N}-v{version}.docx";

    public bool IsFinal => State is PressReleaseState.Rejected or PressReleaseState.Withdrawn or PressReleaseState.Sent;

    /// <summary>A draft kept for later: nobody is asked yet.</summary>
    public static (PressRelease Release, AuditEntry Entry) Draft(Guid id, Guid planId, PressReleaseContent content, Person submitter, DateTimeOffset at)
    {
        var release = new PressRelease
        {
            Id = id, PlanId = planId, Content = content, Submitter = submitter, Version = 1,
            State = PressReleaseState.Draft, CreatedAt = at, UpdatedAt = at,
        };
        return (release, AuditEntry.Of(release, AuditAction.Created, submitter, at, null));
    }

    /// <summary>A release submitted at once as version 1 (the bot's form): the audit says it was submitted.</summary>
    public static (PressRelease Release, AuditEntry Entry) Submit(Guid id, Guid planId, PressReleaseContent content, Person submitter, DateTimeOffset at)
    {
        var release = new PressRelease
        {
            Id = id, PlanId = planId, Content = content, Submitter = submitter, Version = 1,
            State = PressReleaseState.Submitted, CreatedAt = at, UpdatedAt = at,
        };
        return (release, AuditEntry.Of(release, AuditAction.Submitted, submitter, at, null));
    }

    /// <summary>Replaces the text of a draft; nothing is recorded, as nobody has seen it.</summary>
    public PressRelease ReviseDraft(PressReleaseContent content, DateTimeOffset at)
    {
        Demand(PressReleaseRefusal.InvalidTransition, State == PressReleaseState.Draft);
        return this with { Content = content, UpdatedAt = at };
    }

    /// <summary>Sends a draft to the communicators as version 1, with the text given (or the draft's).</summary>
    public (PressRelease Release, AuditEntry Entry) SubmitDraft(Person by, DateTimeOffset at, PressReleaseContent? content = null)
    {
        Demand(PressReleaseRefusal.InvalidTransition, State == PressReleaseState.Draft);
        Demand(PressReleaseRefusal.NotSubmitter, by.ObjectId == Submitter.ObjectId);
        var next = this with { State = PressReleaseState.Submitted, Content = content ?? Content, UpdatedAt = at };
        return (next, AuditEntry.Of(next, AuditAction.Submitted, by, at, null));
    }

    /// <summary>The submitter answers "changes requested" with a new version: a new round of decisions.</summary>
    public (PressRelease Release, AuditEntry Entry) Resubmit(PressReleaseContent content, Person by, DateTimeOffset at, string? comment = null)
    {
        Demand(PressReleaseRefusal.InvalidTransition, State == PressReleaseState.ChangesRequested);
        Demand(PressReleaseRefusal.NotSubmitter, by.ObjectId == Submitter.ObjectId);
        var note = Comment(comment, required: false);
        var next = this with { State = PressReleaseState.Submitted, Content = content, Version = Version + 1, UpdatedAt = at };
        return (next, AuditEntry.Of(next, AuditAction.Resubmitted, by, at, note));
    }

    /// <summary>
    /// A communicator's decision on <paramref name="onVersion"/>. Whether the person is a communicator is the access
    /// policy's answer, asked before; here: only a submitted release is decided, only on its current version, once.
    /// Asking for changes and rejecting need a comment, so the submitter knows why.
    /// </summary>
    public (PressRelease Release, AuditEntry Entry) Decide(PressReleaseDecision decision, int onVersion, Person by, DateTimeOffset at, string? comment)
    {
        if (!Enum.IsDefined(decision)) throw new DomainValidationException([new FieldError("decision", ErrorCodes.Unparseable)]);
        if (State is PressReleaseState.Submitted && onVersion != Version) throw new PressReleaseRefusedException(PressReleaseRefusal.StaleVersion, this);
        if (State is not PressReleaseState.Submitted)
        {
            // A decision already taken on this version: the loser of a race or a redelivered press.
            var decided = LastDecision is { } last && last.Version == onVersion && onVersion == Version;
            throw new PressReleaseRefusedException(
                decided ? PressReleaseRefusal.AlreadyDecided : onVersion != Version ? PressReleaseRefusal.StaleVersion : PressReleaseRefusal.InvalidTransition, this);
        }
        var note = Comment(comment, required: decision != PressReleaseDecision.Approve);
        var (state, action) = decision switch
        {
            PressReleaseDecision.Approve => (PressReleaseState.Approved, AuditAction.Approved),
            PressReleaseDecision.RequestChanges => (PressReleaseState.ChangesRequested, AuditAction.ChangesRequested),
            _ => (PressReleaseState.Rejected, AuditAction.Rejected),
        };
        var next = this with { State = state, LastDecision = new DecisionRecord(decision, by, at, Version, note), UpdatedAt = at };
        return (next, AuditEntry.Of(next, action, by, at, note));
    }

    /// <summary>The submitter (or a communicator, as the service allows) takes the release back before it is sent.</summary>
    public (PressRelease Release, AuditEntry Entry) Withdraw(Person by, DateTimeOffset at, string? reason)
    {
        Demand(PressReleaseRefusal.InvalidTransition, !IsFinal);
        var note = Comment(reason, required: true, field: "reason");
        var next = this with { State = PressReleaseState.Withdrawn, WithdrawnReason = note, UpdatedAt = at };
        return (next, AuditEntry.Of(next, AuditAction.Withdrawn, by, at, note));
    }

    /// <summary>An approved release went out: it is archived and counts in the year's media statistics.</summary>
    public (PressRelease Release, AuditEntry Entry) MarkSent(DateOnly sentOn, IReadOnlyList<string> channels, Person by, DateTimeOffset at)
    {
        Demand(PressReleaseRefusal.InvalidTransition, State == PressReleaseState.Approved);
        var errors = new ErrorCollector();
        var clean = new List<string>();
        if (channels.Count == 0) errors.Add("channels", ErrorCodes.Required);
        if (channels.Count > MaxChannels) errors.Add("channels", ErrorCodes.TooMany, MaxChannels);
        for (var i = 0; i < channels.Count && i < MaxChannels; i++)
            if (errors.RequiredText($"channels[{i}]", channels[i], MaxChannelLength) is { } c && !clean.Contains(c, StringComparer.OrdinalIgnoreCase)) clean.Add(c);
        if (sentOn > DateOnly.FromDateTime(at.UtcDateTime).AddDays(1)) errors.Add("sentOn", ErrorCodes.CompletionInFuture);
        errors.ThrowIfAny();
        var next = this with { State = PressReleaseState.Sent, Sent = new SentRecord(sentOn, clean), UpdatedAt = at };
        return (next, AuditEntry.Of(next, AuditAction.Sent, by, at, $"{sentOn:yyyy-MM-dd}: {string.Join(", ", clean)}"));
    }

    private void Demand(PressReleaseRefusal refusal, bool holds)
    {
        if (!holds) throw new PressReleaseRefusedException(refusal, this);
    }

    private static string? Comment(string? comment, bool required, string field = "comment")
    {
        var errors = new ErrorCollector();
        var text = required ? errors.RequiredText(field, comment, MaxCommentLength) : errors.OptionalText(field, comment, MaxCommentLength);
        errors.ThrowIfAny();
        return text;
    }
}

/// <summary>Why a transition was refused; stable, for the doors to translate.</summary>
public enum PressReleaseRefusal
{
    /// <summary>The release is not in a state where this can happen.</summary>
    InvalidTransition,
    /// <summary>The decision names a version that has been replaced by a resubmission.</summary>
    StaleVersion,
    /// <summary>Someone decided this version already (see <see cref="PressRelease.LastDecision"/>).</summary>
    AlreadyDecided,
    /// <summary>Only the person who submitted the release may do this.</summary>
    NotSubmitter,
}

/// <summary>A transition the release's rules refuse; nothing was changed. <see cref="Current"/> is the release as it stands.</summary>
public sealed class PressReleaseRefusedException(PressReleaseRefusal reason, PressRelease current)
    : Exception($"Press release {current.Id} (version {current.Version}, {current.State}): {reason}.")
{
    public PressReleaseRefusal Reason { get; } = reason;
    public PressRelease Current { get; } = current;
}
