using System.Globalization;
using CommPlan.Application.Storage;
using CommPlan.Host.Bot;

namespace CommPlan.Host.Features.AppPackage;

/// <summary>
/// The bot's commands as Teams offers them in the compose box, per scope and language, from the command registry
/// that the bot's router and help card use too: each title is a word the bot understands in that language.
/// </summary>
public static class ManifestCommands
{
    public sealed record Command(string Name, string Title, string Description);

    public sealed record CommandList(IReadOnlyList<string> Scopes, IReadOnlyList<Command> Commands);

    private static readonly (string Scope, ConversationKind Kind)[] TeamsScopes =
        [("personal", ConversationKind.Personal), ("team", ConversationKind.Channel), ("groupChat", ConversationKind.GroupChat)];

    /// <summary>One list per set of scopes that offer the same commands, in the registry's order.</summary>
    public static IReadOnlyList<CommandList> For(CultureInfo culture) =>
    [
        .. TeamsScopes
            .Select(s => (s.Scope, Commands: BotCommandRegistry.Commands.Where(c => c.Scopes.Contains(s.Kind)).ToArray()))
            .Where(s => s.Commands.Length > 0)
            .GroupBy(s => string.Join("|", s.Commands.Select(c => c.Name)))
            .Select(g => new CommandList([.. g.Select(s => s.Scope)],
                [.. g.First().Commands.Select(c => new Command(c.Name, c.Title(culture), c.Description(culture)))])),
    ];
}

/// <summary>The package's texts in Resources/TextAppPackage*.resx, read for a given language (the package holds all three).</summary>
public static class AppPackageText
{
    private static readonly System.Resources.ResourceManager Resources = new("CommPlan.Host.Resources.TextAppPackage", typeof(AppPackageText).Assembly);

    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"The app package text {key} is missing.");
}
