using System.Text.RegularExpressions;

namespace CommPlan.Host.Bot;

public enum BotCommandKind { Help, MyActivities, Plan, Unknown }

/// <summary>What a person typed to the bot, understood in Swedish, Norwegian or English.</summary>
public sealed partial record BotCommand(BotCommandKind Kind, string Argument, string Text)
{
    private static readonly string[] HelpWords = ["hjälp", "hjalp", "hjelp", "help", "?"];
    private static readonly string[] MyActivitiesWords = ["mina aktiviteter", "mine aktiviteter", "my activities", "mina", "mine", "aktiviteter", "activities"];
    private static readonly string[] PlanWords = ["plan", "planen", "plan status", "status"];

    public static BotCommand Parse(string? text)
    {
        var clean = Normalise(text);
        if (clean.Length == 0 || HelpWords.Contains(clean)) return new(BotCommandKind.Help, "", clean);
        if (MyActivitiesWords.Contains(clean)) return new(BotCommandKind.MyActivities, "", clean);
        foreach (var word in PlanWords.OrderByDescending(w => w.Length))
        {
            if (clean == word) return new(BotCommandKind.Plan, "", clean);
            if (clean.StartsWith(word + " ", StringComparison.Ordinal)) return new(BotCommandKind.Plan, clean[(word.Length + 1)..].Trim(), clean);
        }
        return new(BotCommandKind.Unknown, "", clean);
    }

    /// <summary>Drops @mentions of the bot (group chats and channels), markup, case, and trailing punctuation.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var s = Mention().Replace(text, " ");
        s = Tag().Replace(s, " ");
        s = System.Net.WebUtility.HtmlDecode(s);
        s = Spaces().Replace(s, " ").Trim().TrimEnd('.', '!').Trim();
        return s.ToLowerInvariant();
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Mention();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
