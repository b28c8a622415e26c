namespace CommPlan.Domain.Common;

/// <summary>
/// One broken rule on one input field. <see cref="Code"/> is stable and is what the doors translate into
/// localized text; <see cref="Limit"/> carries the number or date the rule was measured against.
/// </summary>
public sealed record FieldError(string Field, string Code, object? Limit = null);

public static class ErrorCodes
{
    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string TooMany = "too_many";
    public const string OutOfRange = "out_of_range";
    public const string UnknownReference = "unknown_reference";
    public const string Duplicate = "duplicate";
    public const string PeriodReversed = "period_reversed";
    public const string PeriodOutsidePlanYear = "period_outside_plan_year";
    public const string DeadlineBeforePeriod = "deadline_before_period";
    public const string OwnerRequired = "owner_required";
    public const string InvalidTransition = "invalid_transition";
    public const string CompletionInFuture = "completion_in_future";
    public const string Unparseable = "unparseable";
    public const string ControlCharacter = "control_character";
    public const string CompletedOnNeedsDone = "completed_on_needs_done";
    public const string NotAssignable = "not_assignable";
    public const string LastCommunicator = "last_communicator";
    public const string InUse = "in_use";
    /// <summary>A "Tid" cell no form of <c>SchedulePhrase</c> reads; the limit is the cell's text.</summary>
    public const string UnreadableTime = "unreadable_time";
}

/// <summary>Thrown when an input breaks one or more rules of the model; nothing has been changed.</summary>
public sealed class DomainValidationException(IReadOnlyList<FieldError> errors)
    : Exception("The input breaks " + errors.Count + " rule(s): " + string.Join(", ", errors.Select(e => e.Field + ":" + e.Code)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>Collects field errors so a caller hears about every bad field at once, not just the first.</summary>
public sealed class ErrorCollector
{
    private readonly List<FieldError> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string code, object? limit = null) => _errors.Add(new FieldError(field, code, limit));

    public string? RequiredText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) { Add(field, ErrorCodes.Required); return null; }
        if (trimmed.Length > maxLength) Add(field, ErrorCodes.TooLong, maxLength);
        if (HasControlCharacter(trimmed)) Add(field, ErrorCodes.ControlCharacter);
        return trimmed;
    }

    public string? OptionalText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > maxLength) Add(field, ErrorCodes.TooLong, maxLength);
        if (HasControlCharacter(trimmed)) Add(field, ErrorCodes.ControlCharacter);
        return trimmed;
    }

    /// <summary>
    /// A C0 control character other than tab, CR and LF (NUL, escape, backspace…): invisible on screen, cut short
    /// by some stores and readers, and never typed on purpose. DEL is refused for the same reasons.
    /// </summary>
    public static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
            if ((c < ' ' && c is not ('\t' or '\r' or '\n')) || c == '\u007f') return true;
        return false;
    }

    public void ThrowIfAny()
    {
        if (HasErrors) throw new DomainValidationException(_errors.ToArray());
    }
}
