using System.Text.RegularExpressions;
using CommPlan.Browser.Tests.Infrastructure;
using CommPlan.Teams.Cards;

namespace CommPlan.Browser.Tests.Cards;

/// <summary>Every sample card renders in the official renderer without complaints, shows its text and passes axe.</summary>
public sealed partial class CardRenderingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [MemberData(nameof(CardSamples.Cases), MemberType = typeof(CardSamples))]
    public async Task Card_renders_without_warnings_and_shows_its_text(string name, string locale)
    {
        var sample = CardSamples.Find(name, locale);
        await using var page = await CardPage.OpenAsync(browser.Browser, locale);

        var result = await page.RenderAsync(sample.Card);

        var problems = result.Problems.Concat(page.ConsoleProblems).ToList();
        Assert.True(problems.Count == 0, $"{sample} does not render cleanly:\n{string.Join("\n", problems)}");
        var shown = Normalize(result.Text);
        Assert.All(sample.ExpectedTexts, expected => Assert.Contains(Normalize(expected), shown));
    }

    [Theory]
    [MemberData(nameof(CardSamples.Cases), MemberType = typeof(CardSamples))]
    public async Task Card_has_no_serious_accessibility_violations(string name, string locale)
    {
        var sample = CardSamples.Find(name, locale);
        await using var page = await CardPage.OpenAsync(browser.Browser, locale);
        await page.RenderAsync(sample.Card);

        var violations = await page.AccessibilityViolationsAsync();

        Assert.True(violations.Length == 0, $"{sample} has accessibility violations:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public async Task A_card_the_renderer_complains_about_fails_the_check()
    {
        var card = new AdaptiveCard { Body = [new TextInput("title") { IsRequired = true }] }.ToJsonElement();
        await using var page = await CardPage.OpenAsync(browser.Browser, "en");

        var result = await page.RenderAsync(card);

        Assert.Contains(result.Problems, p => p.Contains("RequiredInputsShouldHaveLabel", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("RequiredInputsShouldHaveErrorMessage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_card_the_parser_does_not_know_fails_the_check()
    {
        var card = System.Text.Json.JsonDocument.Parse(
            """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Input.Rating","id":"r"}],"actions":[{"type":"Action.Dance"}]}""").RootElement;
        await using var page = await CardPage.OpenAsync(browser.Browser, "en");

        var result = await page.RenderAsync(card);

        Assert.Contains(result.Problems, p => p.StartsWith("parse UnknownElementType", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("parse UnknownActionType", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Markdown_is_rendered_so_unescaped_user_text_would_be_formatted()
    {
        var card = new AdaptiveCard { Body = [new TextBlock("**bold** [link](https://example.org) {{DATE(2026-03-05T10:00:00Z, SHORT)}}") { Id = "block" }] };
        await using var page = await CardPage.OpenAsync(browser.Browser, "en");

        await page.RenderAsync(card.ToJsonElement());

        var shown = Normalize(await page.TextOfAsync("#block"));
        Assert.StartsWith("bold link ", shown);
        Assert.DoesNotContain("DATE", shown);
    }

    public static TheoryData<int> UserTextIndexes() => new(Enumerable.Range(0, CardSamples.UserTexts.Count));

    [Theory]
    [MemberData(nameof(UserTextIndexes))]
    public async Task User_text_is_shown_exactly_as_typed(int index)
    {
        var text = CardSamples.UserTexts[index];
        var card = new AdaptiveCard
        {
            Body =
            [
                new TextBlock(CardText.Escape(text)) { Id = "block", Wrap = true },
                new FactSet([new Fact("Title", CardText.Escape(text))]) { Id = "facts" },
            ],
        };
        await using var page = await CardPage.OpenAsync(browser.Browser, "en");

        var result = await page.RenderAsync(card.ToJsonElement());

        Assert.Empty(result.Problems);
        Assert.Equal(Normalize(text), Normalize(await page.TextOfAsync("#block")));
        Assert.Equal(Normalize("Title " + text), Normalize(await page.TextOfAsync("#facts")));
    }

    [Theory]
    [InlineData("**not bold** _not italic_ [a link](http://evil.example)")]
    [InlineData("- not a bullet <b>not bold</b> &amp; \\")]
    public async Task A_text_run_is_plain_text_and_needs_no_escaping(string text)
    {
        var card = new AdaptiveCard { Body = [new RichTextBlock([new TextRun(text)]) { Id = "rich" }] };
        await using var page = await CardPage.OpenAsync(browser.Browser, "en");

        var result = await page.RenderAsync(card.ToJsonElement());

        Assert.Empty(result.Problems);
        Assert.Equal(text, Normalize(await page.TextOfAsync("#rich")));
    }

    // innerText follows the layout: line breaks, tabs between fact columns; compare words, not whitespace.
    private static string Normalize(string? text) => Whitespace().Replace(text ?? "", " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
