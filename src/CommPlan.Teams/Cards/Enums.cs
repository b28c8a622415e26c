using System.Text.Json.Serialization;

namespace CommPlan.Teams.Cards;

// Serialized through CardJson.Options as camelCase strings: ExtraLarge → "extraLarge".

public enum Spacing { None, Small, Default, Medium, Large, ExtraLarge, Padding }

public enum TextWeight { Default, Lighter, Bolder }

public enum TextSize { Default, Small, Medium, Large, ExtraLarge }

public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

public enum TextBlockStyle { Default, Heading }

public enum HorizontalAlignment { Left, Center, Right }

public enum VerticalAlignment { Top, Center, Bottom }

public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

public enum ImageSize { Auto, Stretch, Small, Medium, Large }

public enum ImageStyle { Default, Person }

public enum ChoiceInputStyle { Compact, Expanded, Filtered }

public enum ActionStyle { Default, Positive, Destructive }

public enum AssociatedInputs { Auto, None }

/// <summary>Teams' card width; "Full" is the one value Teams knows, spelled with a capital letter.</summary>
public enum TeamsCardWidth
{
    [JsonStringEnumMemberName("Full")] Full,
}
