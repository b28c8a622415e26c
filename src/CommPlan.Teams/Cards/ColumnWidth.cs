using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommPlan.Teams.Cards;

/// <summary>A column's width: "auto", "stretch", a relative weight (a number) or pixels ("50px").</summary>
[JsonConverter(typeof(ColumnWidthConverter))]
public sealed record ColumnWidth
{
    private ColumnWidth(string? keyword, int? weight)
    {
        Keyword = keyword;
        Weight = weight;
    }

    public static ColumnWidth Auto { get; } = new("auto", null);
    public static ColumnWidth Stretch { get; } = new("stretch", null);

    /// <summary>The column's share of the room left, relative to the other weighted columns.</summary>
    public static ColumnWidth Weighted(int weight) =>
        weight > 0 ? new(null, weight) : throw new ArgumentOutOfRangeException(nameof(weight), "A weight is positive.");

    public static ColumnWidth Pixels(int pixels) =>
        pixels > 0
            ? new(pixels.ToString(CultureInfo.InvariantCulture) + "px", null)
            : throw new ArgumentOutOfRangeException(nameof(pixels), "A width is positive.");

    internal string? Keyword { get; }
    internal int? Weight { get; }

    public override string ToString() => Keyword ?? Weight!.Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed class ColumnWidthConverter : JsonConverter<ColumnWidth>
{
    public override ColumnWidth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return ColumnWidth.Weighted(reader.GetInt32());
        var text = reader.GetString();
        return text switch
        {
            "auto" => ColumnWidth.Auto,
            "stretch" => ColumnWidth.Stretch,
            _ when text is not null && text.EndsWith("px", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var px)
                => ColumnWidth.Pixels(px),
            _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) => ColumnWidth.Weighted(weight),
            _ => throw new JsonException($"Not a column width: {text}"),
        };
    }

    public override void Write(Utf8JsonWriter writer, ColumnWidth value, JsonSerializerOptions options)
    {
        if (value.Weight is { } weight)
            writer.WriteNumberValue(weight);
        else
            writer.WriteStringValue(value.Keyword);
    }
}
