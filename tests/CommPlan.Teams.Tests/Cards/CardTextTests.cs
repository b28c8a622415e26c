using CommPlan.Teams.Cards;

namespace CommPlan.Teams.Tests.Cards;

public class CardTextTests
{
    [Theory]
    [InlineData("Plain words, 12 of them.", "Plain words, 12 of them.")]
    [InlineData("**bold**", @"\*\*bold\*\*")]
    [InlineData("_italic_", @"\_italic\_")]
    [InlineData("[a](http://evil)", @"\[a\](http://evil)")]
    [InlineData("![img](http://evil/x.png)", @"!\[img\](http://evil/x.png)")]
    [InlineData("- not a list", @"\- not a list")]
    [InlineData("+ not a list", @"\+ not a list")]
    [InlineData("1. not a list", @"1\. not a list")]
    [InlineData("12) not a list", @"12\) not a list")]
    [InlineData("# not a heading", @"\# not a heading")]
    [InlineData("> not a quote", @"\> not a quote")]
    [InlineData(@"C:\temp\*", @"C:\\temp\\\*")]
    [InlineData("<b>x</b> & <http://evil>", @"\<b\>x\</b\> \& \<http://evil\>")]
    [InlineData("&amp;", @"\&amp;")]
    [InlineData("`code` ~~gone~~ a|b", @"\`code\` \~\~gone\~\~ a\|b")]
    [InlineData("{{DATE(2026-03-05T10:00:00Z, SHORT)}}", @"\{\{DATE(2026-03-05T10:00:00Z, SHORT)}}")]
    [InlineData("Costs 1.5 million - in 2026", "Costs 1.5 million - in 2026")]
    public void Escaped_text_keeps_markdown_characters_literal(string text, string expected)
    {
        Assert.Equal(expected, CardText.Escape(text));
    }

    [Fact]
    public void Block_markers_are_escaped_at_the_start_of_every_line()
    {
        Assert.Equal("first\n\\- second\n3\\. third\n\\===", CardText.Escape("first\r\n- second\n    3. third\n==="));
    }
}
