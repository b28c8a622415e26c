using System.Text;

namespace CommPlan.Teams.Cards;

/// <summary>Puts user text into a card so that it displays as typed, whatever characters it holds.</summary>
public static class CardText
{
    // Characters with inline meaning in the card's markdown (CommonMark as markdown-it reads it, plus its
    // strikethrough and tables): emphasis, links and images, code spans, autolinks, entities, "~~" and "|".
    // "{" breaks the "{{DATE(…)}}" and "{{TIME(…)}}" functions, which the renderer expands before markdown.
    private const string InlineSpecials = "\\*_[]`<>&~|{";

    /// <summary>
    /// Escapes <paramref name="text"/> for the markdown of a TextBlock or a Fact's title or value with backslashes,
    /// which CommonMark honours before any ASCII punctuation. Line breaks stay; indentation at the start of a line
    /// is dropped, as markdown drops it anyway (four spaces would otherwise turn the line into a code block).
    /// Not for text that is not markdown (TextRun, choice and toggle titles, labels, placeholders): the backslashes
    /// would show there.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
                result.Append('\n');
            EscapeLine(lines[i].TrimStart(' ', '\t'), result);
        }
        return result.ToString();
    }

    private static void EscapeLine(string line, StringBuilder result)
    {
        // Block markers count only at the start of a line: headings, bullets, quotes, setext underlines, and
        // ordered list numbers ("1." or "1)").
        var start = 0;
        if (line.Length > 0 && line[0] is '#' or '-' or '+' or '=' or '>')
        {
            result.Append('\\').Append(line[0]);
            start = 1;
        }
        else
        {
            var digits = 0;
            while (digits < line.Length && digits < 10 && char.IsAsciiDigit(line[digits]))
                digits++;
            if (digits > 0 && digits < line.Length && line[digits] is '.' or ')')
            {
                result.Append(line, 0, digits).Append('\\').Append(line[digits]);
                start = digits + 1;
            }
        }

        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (InlineSpecials.Contains(c))
                result.Append('\\');
            result.Append(c);
        }
    }
}
