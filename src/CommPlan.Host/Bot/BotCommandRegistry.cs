using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using CommPlan.Application.Storage;
using CommPlan.Host.Extensions;

namespace CommPlan.Host.Bot;

/// <summary>
/// What a command answers to and how it is described, in each language: the help card and the Teams app manifest's
/// command lists both read it from here. Texts are the resources <c>Command_{Name}_Title</c> (the word shown and
/// sent), <c>_Words</c> (every word understood, separated by |), <c>_Description</c> and, for a command that takes
/// one, <c>_Argument</c>.
/// </summary>
public sealed record BotCommandInfo(string Name, int Order, IReadOnlyList<ConversationKind> Scopes, bool TakesArgument = false)
{
    /// <summary>Every kind of conversation the app can be in.</summary>
    public static readonly IReadOnlyList<ConversationKind> Everywhere = [ConversationKind.Personal, ConversationKind.GroupChat, ConversationKind.Channel];

    /// <summary>What people type, as the manifest offers it (Teams allows 32 characters).</summary>
    public string Title(CultureInfo culture) => BotCommandRegistry.Text($"Command_{Name}_Title", culture);

    /// <summary>What it does (Teams allows 128 characters).</summary>
    public string Description(CultureInfo culture) => BotCommandRegistry.Text($"Command_{Name}_Description", culture);

    /// <summary>How the help card shows it: the title, with its argument in brackets.</summary>
    public string Usage(CultureInfo culture) =>
        TakesArgument ? $"{Title(culture)} [{BotCommandRegistry.Text($"Command_{Name}_Argument", culture)}]" : Title(culture);

    /// <summary>The words that call it in this language, lower case; the title is always one of them.</summary>
    public IReadOnlyList<string> Words(CultureInfo culture) =>
        BotCommandRegistry.Text($"Command_{Name}_Words", culture)
            .Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Prepend(Title(culture)).Select(w => w.ToLowerInvariant()).Distinct().ToArray();
}

/// <summary>What the person typed after the command's word, the whole text, and whether any command understood it.</summary>
public sealed record BotCommandRequest(string Argument, string Text, bool Understood = true);

/// <summary>
/// One command people type to the bot. The router finds every such type in the app (no registration), so a feature
/// adds a command by adding its type; handlers are resolved per turn, with their dependencies.
/// </summary>
public interface IBotCommand
{
    static abstract BotCommandInfo Info { get; }
    Task HandleAsync(TurnContext turn, BotCommandRequest request, CancellationToken ct);
}

/// <summary>
/// Every command of the app, found once in the app's assembly, and how a typed text becomes one of them. Read-only
/// and usable without the running app: the help card and the Teams app manifest's command lists come from this list.
/// </summary>
public static partial class BotCommandRegistry
{
    /// <summary>The command that answers text no command understood (the help).</summary>
    public const string Fallback = "Help";

    private static readonly ResourceManager Resources = new("CommPlan.Host.Resources.Text", typeof(Text).Assembly);

    private static readonly IReadOnlyList<(BotCommandInfo Info, Type Handler)> Entries = Discover();

    /// <summary>Every command, in the order the help card and the manifest list them.</summary>
    public static IReadOnlyList<BotCommandInfo> Commands { get; } = Entries.Select(e => e.Info).ToArray();

    /// <summary>The languages the commands are described in.</summary>
    public static IReadOnlyList<CultureInfo> Cultures => WebExtensions.Cultures;

    internal static IEnumerable<Type> HandlerTypes => Entries.Select(e => e.Handler);

    /// <summary>
    /// The command a text calls, in any of the app's languages (people mix them), with what follows its word; the
    /// longest word wins ("plan status" before "plan"). Text no command understands goes to <see cref="Fallback"/>.
    /// </summary>
    public static (Type Handler, BotCommandRequest Request) Match(string? text)
    {
        var clean = Normalise(text);
        foreach (var (info, handler, word) in Words.Value)
        {
            if (clean == word) return (handler, new BotCommandRequest("", clean));
            if (info.TakesArgument && clean.StartsWith(word + " ", StringComparison.Ordinal))
                return (handler, new BotCommandRequest(clean[(word.Length + 1)..].Trim(), clean));
        }
        var fallback = Entries.Single(e => e.Info.Name == Fallback).Handler;
        return (fallback, new BotCommandRequest("", clean, Understood: clean.Length == 0));
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

    internal static string Text(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"The text {key} is missing.");

    private static readonly Lazy<IReadOnlyList<(BotCommandInfo Info, Type Handler, string Word)>> Words = new(() =>
        Entries.SelectMany(e => Cultures.SelectMany(c => e.Info.Words(c)).Distinct().Select(w => (e.Info, e.Handler, w)))
            .OrderByDescending(x => x.w.Length).ToArray());

    private static IReadOnlyList<(BotCommandInfo Info, Type Handler)> Discover() =>
        typeof(BotCommandRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IBotCommand)))
            .Select(t => ((BotCommandInfo)t.GetProperty(nameof(IBotCommand.Info), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!, t))
            .OrderBy(e => e.Item1.Order).ThenBy(e => e.Item1.Name, StringComparer.Ordinal)
            .ToArray();

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Mention();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

public static class BotCommandRegistration
{
    /// <summary>Every command type of the registry, resolved per turn.</summary>
    public static IServiceCollection AddBotCommands(this IServiceCollection services)
    {
        foreach (var type in BotCommandRegistry.HandlerTypes) services.AddScoped(type);
        services.AddScoped<BotCommandRouter>();
        return services;
    }
}
