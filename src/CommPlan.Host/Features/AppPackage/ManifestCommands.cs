using System.Globalization;
using CommPlan.Host.Bot;

namespace CommPlan.Host.Features.AppPackage;

/// <summary>
/// The bot's commands as Teams offers them in the compose box, per scope and language: the one place the manifest
/// reads them from. Each title is a word the bot understands in that language (BotCommand.Parse).
/// </summary>
public static class ManifestCommands
{
    public sealed record Command(BotCommandKind Kind, string Title, string Description);

    public sealed record CommandList(IReadOnlyList<string> Scopes, IReadOnlyList<Command> Commands);

    public static IReadOnlyList<CommandList> For(CultureInfo culture) =>
    [
        new(["personal"],
        [
            new(BotCommandKind.MyActivities, AppPackageText.Get("Command_MyActivities_Title", culture), AppPackageText.Get("Command_MyActivities", culture)),
            new(BotCommandKind.Plan, AppPackageText.Get("Command_Plan_Title", culture), AppPackageText.Get("Command_Plan_Personal", culture)),
            new(BotCommandKind.Help, AppPackageText.Get("Command_Help_Title", culture), AppPackageText.Get("Command_Help", culture)),
        ]),
        // In a channel or group chat a person's own activities would be shown to everyone, so only the shared ones.
        new(["team", "groupChat"],
        [
            new(BotCommandKind.Plan, AppPackageText.Get("Command_Plan_Title", culture), AppPackageText.Get("Command_Plan_Group", culture)),
            new(BotCommandKind.Help, AppPackageText.Get("Command_Help_Title", culture), AppPackageText.Get("Command_Help", culture)),
        ]),
    ];
}

/// <summary>The package's texts in Resources/TextAppPackage*.resx, read for a given language (the package holds all three).</summary>
public static class AppPackageText
{
    private static readonly System.Resources.ResourceManager Resources = new("CommPlan.Host.Resources.TextAppPackage", typeof(AppPackageText).Assembly);

    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"The app package text {key} is missing.");
}
