using System.Text.Json;
using CommPlan.Teams.Cards;

namespace CommPlan.Browser.Tests.Cards;

/// <summary>A card to render, the locale it is written in, and texts the rendered card must show.</summary>
public sealed record CardSample(string Name, string Locale, JsonElement Card, IReadOnlyList<string> ExpectedTexts)
{
    public CardSample(string name, string locale, AdaptiveCard card, params string[] expectedTexts)
        : this(name, locale, card.ToJsonElement(), expectedTexts) { }

    public override string ToString() => $"{Name} ({Locale})";
}
