using System.Text.Json.Nodes;
using CommPlan.Teams.Cards;

namespace CommPlan.Browser.Tests.Cards;

/// <summary>
/// Every card the renderer tests render, one line per card and locale. The app's cards join here, for example
/// <c>.. InEveryLocale("approval request", locale => ApprovalCards.Request(SamplePlan.PressRelease, locale), "Pressmeddelande")</c>.
/// </summary>
public static class CardSamples
{
    public static readonly IReadOnlyList<string> Locales = ["sv", "nb", "en"];

    public static IEnumerable<CardSample> All() =>
    [
        new("every element", "sv", EveryElement(), "Kommunikationsplan 2026", "Ansvarig", "Anna Andersson", "Försenad"),
        new("every input", "en", EveryInput(), "Title", "Channel", "Publish on", "Send a reminder"),
        new("every action", "en", EveryAction(), "Approve", "Send back", "Open the plan", "Comment"),
        new("user view with refresh", "nb", UserViewWithRefresh(), "Venter på godkjenning"),
        new("user text shown literally", "en", UserTextCard(), UserTexts.ToArray()),
        .. BotCardSamples.All(),
        .. PressReleaseCardSamples.All(),
    ];

    public static CardSample Find(string name, string locale) =>
        All().SingleOrDefault(s => s.Name == name && s.Locale == locale)
        ?? throw new ArgumentException($"No sample card {name} ({locale}).");

    /// <summary>One test case per card and locale.</summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var sample in All())
            cases.Add(sample.Name, sample.Locale);
        return cases;
    }

    // For the app's cards: the same card built in each of the product's languages.
    private static IEnumerable<CardSample> InEveryLocale(
        string name, Func<string, AdaptiveCard> build, params string[] expectedTexts) =>
        Locales.Select(locale => new CardSample(name, locale, build(locale), expectedTexts));

    /// <summary>What users type that looks like markdown, HTML or card functions; cards must show it as typed.</summary>
    public static readonly IReadOnlyList<string> UserTexts =
    [
        "**not bold** and __not bold__",
        "_not italic_ and *not italic*",
        "[a link](http://evil.example) and ![an image](http://evil.example/x.png)",
        "- not a bullet",
        "+ not a bullet",
        "* not a bullet",
        "1. not a numbered list",
        "2) not a numbered list",
        "# not a heading",
        "> not a quote",
        @"C:\temp\new \* backslashes \\ stay",
        "<b>not bold</b> <script>alert(1)</script> & &amp; &lt;",
        "<http://evil.example> autolink",
        "`not code` ~~not struck~~ a | b",
        "{{DATE(2026-03-05T10:00:00Z, SHORT)}} {{TIME(2026-03-05T10:00:00Z)}}",
        "---",
        "Kostnad: 1 500 kr (inkl. moms) – 50 % i år!",
    ];

    private const string Logo =
        "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIzMiIgaGVpZ2h0PSIzMiI+PHJlY3Qgd2lkdGg9IjMyIiBoZWlnaHQ9IjMyIiBmaWxsPSIjNDY0Nzc1Ii8+PC9zdmc+";

    private static readonly Uri PlanUrl = new("https://commplan.example/plans/1");

    private static AdaptiveCard EveryElement() => new()
    {
        Lang = "sv",
        FallbackText = "Kommunikationsplan 2026",
        Speak = "Kommunikationsplan 2026",
        MsTeams = new(TeamsCardWidth.Full),
        Body =
        [
            new Container([
                new ColumnSet([
                    new Column([new Image(Logo) { AltText = "Kommunens logotyp", Size = ImageSize.Small, Style = ImageStyle.Person }])
                        { Width = ColumnWidth.Auto, VerticalContentAlignment = VerticalAlignment.Center },
                    new Column([
                        new TextBlock("Kommunikationsplan 2026")
                            { Style = TextBlockStyle.Heading, Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
                        new TextBlock("Uppdaterad i dag") { IsSubtle = true, Spacing = Spacing.None, Size = TextSize.Small },
                    // A select action's title becomes the accessible name, hiding the text shown: leave it out
                    // or include the text shown (WCAG label in name).
                    ]) { Width = ColumnWidth.Stretch, SelectAction = new OpenUrlAction(PlanUrl) },
                    new Column([new TextBlock("3 av 12") { HorizontalAlignment = HorizontalAlignment.Right }])
                        { Width = ColumnWidth.Weighted(1) },
                    new Column([new TextBlock("25 %")]) { Width = ColumnWidth.Pixels(60) },
                ]),
            ]) { Style = ContainerStyle.Emphasis, Bleed = true, Id = "header" },
            new FactSet([
                new Fact("Ansvarig", CardText.Escape("Anna Andersson")),
                new Fact("Kanal", "Webb, **pressmeddelande**"),
            ]) { Spacing = Spacing.Medium, Separator = true },
            new RichTextBlock([
                new TextRun("Försenad") { Weight = TextWeight.Bolder, Color = TextColor.Attention },
                new TextRun(" sedan måndag, ") { Italic = true },
                new TextRun("gammal tidplan") { Strikethrough = true, IsSubtle = true },
                new TextRun(" – ") ,
                new TextRun("se planen") { Highlight = true, SelectAction = new OpenUrlAction(PlanUrl) { Title = "Se planen" } },
            ]),
            new TextBlock("Dold rad") { IsVisible = false, Id = "hidden" },
            new Container([new TextBlock("Klar") { Color = TextColor.Good }])
                { Style = ContainerStyle.Good, SelectAction = new ExecuteAction("openActivity") { Title = "Klar: visa aktiviteten" } },
            // Warning-coloured text has a contrast of 2.4:1 on the renderer's light background: warn with the container.
            new Container([new TextBlock("Varning") { MaxLines = 1 }]) { Style = ContainerStyle.Warning },
            new Container([new TextBlock("Åtgärda") { Color = TextColor.Attention, Weight = TextWeight.Lighter }]) { Style = ContainerStyle.Attention },
            new Container([new TextBlock("Info") { Color = TextColor.Accent, Size = TextSize.ExtraLarge }]) { Style = ContainerStyle.Accent, Spacing = Spacing.Padding },
            new Container([new TextBlock("Standard") { Color = TextColor.Default, Size = TextSize.Medium }]) { Style = ContainerStyle.Default, Spacing = Spacing.ExtraLarge },
        ],
    };

    private static AdaptiveCard EveryInput() => new()
    {
        Lang = "en",
        Body =
        [
            new TextInput("title")
            {
                Label = "Title", Placeholder = "Name the activity", MaxLength = 200, IsRequired = true,
                ErrorMessage = "Give the activity a title", Value = "Press release", Regex = "^.{1,200}$",
            },
            new TextInput("description") { Label = "Description", IsMultiline = true, Spacing = Spacing.Small },
            new NumberInput("reach") { Label = "Expected reach", Min = 0, Max = 100000, Value = 2500, Placeholder = "People" },
            new DateInput("publishOn")
            {
                Label = "Publish on", Value = new(2026, 3, 5), Min = new(2026, 1, 1), Max = new(2026, 12, 31),
                IsRequired = true, ErrorMessage = "Choose a date in 2026",
            },
            new ChoiceSetInput("channel", [new Choice("Web", "web"), new Choice("Press", "press"), new Choice("Social media", "social")])
                { Label = "Channel", Style = ChoiceInputStyle.Compact, Value = "web" },
            new ChoiceSetInput("audiences", [new Choice("Residents", "residents"), new Choice("Staff", "staff")])
                { Label = "Audiences", Style = ChoiceInputStyle.Expanded, IsMultiSelect = true, Value = "residents,staff" },
            new ChoiceSetInput("owner", [new Choice("Anna Andersson", "anna"), new Choice("Per Persson", "per")])
                { Label = "Owner", Style = ChoiceInputStyle.Filtered, Placeholder = "Search people" },
            new ToggleInput("remind", "Send a reminder") { Label = "Reminder", Value = "yes", ValueOn = "yes", ValueOff = "no" },
        ],
        Actions = [new ExecuteAction("saveActivity") { Title = "Save", AssociatedInputs = AssociatedInputs.Auto, Style = ActionStyle.Positive }],
    };

    private static AdaptiveCard EveryAction() => new()
    {
        Lang = "en",
        Body = [new TextBlock("Press release: new library opening hours") { Wrap = true }],
        Actions =
        [
            new ExecuteAction("approve")
            {
                Id = "approve", Title = "Approve", Style = ActionStyle.Positive, AssociatedInputs = AssociatedInputs.None,
                Tooltip = "Approve the press release", Data = new JsonObject { ["activityId"] = 7 },
            },
            new ExecuteAction("sendBack") { Title = "Send back", Style = ActionStyle.Destructive, Data = new { ActivityId = 7 } },
            new ExecuteAction("approved") { Title = "Approved", Style = ActionStyle.Default, IsEnabled = false },
            new SubmitAction { Title = "Approve (older clients)", Data = new { Verb = "approve", ActivityId = 7 }, AssociatedInputs = AssociatedInputs.None },
            new OpenUrlAction(PlanUrl) { Title = "Open the plan" },
            new ShowCardAction(new AdaptiveCard
            {
                Body = [new TextInput("comment") { Label = "Comment", IsMultiline = true }],
                Actions = [new ExecuteAction("comment") { Title = "Send comment", AssociatedInputs = AssociatedInputs.Auto }],
            }) { Title = "Comment" },
        ],
    };

    private static AdaptiveCard UserViewWithRefresh() => new()
    {
        Lang = "nb",
        Refresh = new(new ExecuteAction("refreshApproval") { Data = new { ActivityId = 7 } }, ["29:approver-1", "29:approver-2"]),
        Body = [new TextBlock("Venter på godkjenning") { Weight = TextWeight.Bolder, Wrap = true }],
        Actions = [new OpenUrlAction(PlanUrl) { Title = "Åpne planen" }],
    };

    private static AdaptiveCard UserTextCard() => new()
    {
        Lang = "en",
        Body = UserTexts.Select((text, i) => (CardElement)new TextBlock(CardText.Escape(text)) { Id = $"user-text-{i}", Wrap = true }).ToList(),
    };
}
