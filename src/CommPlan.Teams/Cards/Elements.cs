using System.Text.Json.Serialization;

namespace CommPlan.Teams.Cards;

/// <summary>What every card element and column shares.</summary>
public abstract record CardItem
{
    [JsonPropertyOrder(-1)]
    public string? Id { get; init; }
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
    public bool? IsVisible { get; init; }
}

/// <summary>An element of a card's body, written with its schema type first ("TextBlock", "Input.Text"…).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(NumberInput), "Input.Number")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
public abstract record CardElement : CardItem;

/// <summary>Text with the card's markdown subset; pass user text through <see cref="CardText.Escape"/>.</summary>
public sealed record TextBlock(string Text) : CardElement
{
    public bool? Wrap { get; init; }
    public TextWeight? Weight { get; init; }
    public TextSize? Size { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public HorizontalAlignment? HorizontalAlignment { get; init; }
    public int? MaxLines { get; init; }
    public TextBlockStyle? Style { get; init; }
}

/// <summary>A paragraph of separately styled runs; runs are plain text, not markdown.</summary>
public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement
{
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

public sealed record TextRun(string Text)
{
    [JsonPropertyOrder(-1)]
    public string Type => "TextRun";

    public TextWeight? Weight { get; init; }
    public bool? Italic { get; init; }
    public bool? Strikethrough { get; init; }
    public bool? Highlight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public TextSize? Size { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

/// <summary>A title and value pair; both are markdown, so escape user text.</summary>
public sealed record Fact(string Title, string Value);

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement
{
    public CardAction? SelectAction { get; init; }
    public ContainerStyle? Style { get; init; }
    public bool? Bleed { get; init; }
}

public sealed record Column(IReadOnlyList<CardElement> Items) : CardItem
{
    [JsonPropertyOrder(-1)]
    public string Type => "Column";

    public ColumnWidth? Width { get; init; }
    public VerticalAlignment? VerticalContentAlignment { get; init; }
    public CardAction? SelectAction { get; init; }
    public ContainerStyle? Style { get; init; }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }
    public bool? Bleed { get; init; }
    public VerticalAlignment? VerticalContentAlignment { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record Image(string Url) : CardElement
{
    public string? AltText { get; init; }
    public ImageSize? Size { get; init; }
    public ImageStyle? Style { get; init; }
    public HorizontalAlignment? HorizontalAlignment { get; init; }
    public CardAction? SelectAction { get; init; }
}
