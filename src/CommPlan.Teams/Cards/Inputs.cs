namespace CommPlan.Teams.Cards;

/// <summary>
/// What every input shares. A required input needs a label and an error message: the renderer reports one
/// without them, and screen readers need the label.
/// </summary>
public abstract record CardInput : CardElement
{
    protected CardInput(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record TextInput : CardInput
{
    public TextInput(string id) : base(id) { }

    public string? Placeholder { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public string? Value { get; init; }
    public string? Regex { get; init; }
}

public sealed record NumberInput : CardInput
{
    public NumberInput(string id) : base(id) { }

    public string? Placeholder { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public double? Value { get; init; }
}

/// <summary>A date picker; dates are written yyyy-MM-dd.</summary>
public sealed record DateInput : CardInput
{
    public DateInput(string id) : base(id) { }

    public string? Placeholder { get; init; }
    public DateOnly? Value { get; init; }
    public DateOnly? Min { get; init; }
    public DateOnly? Max { get; init; }
}

public sealed record ChoiceSetInput : CardInput
{
    public ChoiceSetInput(string id, IReadOnlyList<Choice> choices) : base(id) => Choices = choices;

    public IReadOnlyList<Choice> Choices { get; init; }
    public ChoiceInputStyle? Style { get; init; }
    public bool? IsMultiSelect { get; init; }
    public string? Placeholder { get; init; }

    /// <summary>The chosen value; several values are comma-separated.</summary>
    public string? Value { get; init; }
}

public sealed record Choice(string Title, string Value);

/// <summary>A checkbox; its value is <see cref="ValueOn"/> or <see cref="ValueOff"/> ("true"/"false" by default).</summary>
public sealed record ToggleInput : CardInput
{
    public ToggleInput(string id, string title) : base(id) => Title = title;

    public string Title { get; init; }
    public string? Value { get; init; }
    public string? ValueOn { get; init; }
    public string? ValueOff { get; init; }
}
