using System.Text.Json.Serialization;

namespace CommPlan.Teams.Cards;

/// <summary>A card action, written with its schema type first ("Action.Execute"…).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract record CardAction
{
    [JsonPropertyOrder(-1)]
    public string? Id { get; init; }
    public string? Title { get; init; }
    public ActionStyle? Style { get; init; }
    public bool? IsEnabled { get; init; }
    public string? Tooltip { get; init; }
}

/// <summary>
/// A Universal Action: Teams sends an adaptiveCard/action invoke carrying <see cref="Verb"/> and <see cref="Data"/>.
/// Without a verb Teams answers "Unable to reach app", so a verb is required.
/// </summary>
public sealed record ExecuteAction : CardAction
{
    private readonly string verb = "";

    public ExecuteAction(string verb) => Verb = verb;

    public string Verb
    {
        get => verb;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Verb));
            verb = value;
        }
    }

    /// <summary>Sent back with the invoke; a JsonObject, a JsonElement or any object serializable to an object.</summary>
    public object? Data { get; init; }

    public AssociatedInputs? AssociatedInputs { get; init; }
}

/// <summary>The pre-Universal-Actions submit; Teams delivers it as a message activity whose value is the data.</summary>
public sealed record SubmitAction : CardAction
{
    public object? Data { get; init; }
    public AssociatedInputs? AssociatedInputs { get; init; }
}

public sealed record OpenUrlAction(Uri Url) : CardAction;

public sealed record ShowCardAction(AdaptiveCard Card) : CardAction;
