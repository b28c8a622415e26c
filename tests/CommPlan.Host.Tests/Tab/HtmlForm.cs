using System.Net;
using System.Text.RegularExpressions;

namespace CommPlan.Host.Tests.Tab;

/// <summary>A form as a browser would post it: its inputs, checked boxes, chosen options and text areas, in order.</summary>
public sealed partial class HtmlForm
{
    public List<KeyValuePair<string, string>> Fields { get; } = [];

    public string this[string name]
    {
        get => Fields.Single(f => f.Key == name).Value;
        set
        {
            Fields.RemoveAll(f => f.Key == name);
            Fields.Add(new(name, value));
        }
    }

    public void SetAll(string name, params string[] values)
    {
        Fields.RemoveAll(f => f.Key == name);
        Fields.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
    }

    public FormUrlEncodedContent Content() => new(Fields);

    public static HtmlForm Parse(string html)
    {
        var form = new HtmlForm();
        var start = html.IndexOf("<form method=\"post\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "The page has a form to post:\n" + html);
        html = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        foreach (Match m in Input().Matches(html))
        {
            var name = Attribute(m.Value, "name");
            if (name is null) continue;
            var type = Attribute(m.Value, "type") ?? "text";
            if (type == "checkbox" && !Regex.IsMatch(m.Value, "\\schecked(=|\\s|/|>)")) continue;
            form.Fields.Add(new(name, Attribute(m.Value, "value") ?? ""));
        }
        foreach (Match m in Select().Matches(html))
        {
            if (Attribute(m.Groups[1].Value, "name") is not { } name) continue;
            var selected = Regex.Match(m.Groups[2].Value, "<option value=\"([^\"]*)\"[^>]*\\sselected=\"selected\"");
            var first = Regex.Match(m.Groups[2].Value, "<option value=\"([^\"]*)\"");
            form.Fields.Add(new(name, WebUtility.HtmlDecode(selected.Success ? selected.Groups[1].Value : first.Groups[1].Value)));
        }
        foreach (Match m in TextArea().Matches(html))
        {
            if (Attribute(m.Groups[1].Value, "name") is { } name) form.Fields.Add(new(name, WebUtility.HtmlDecode(m.Groups[2].Value)));
        }
        return form;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Input();

    [GeneratedRegex("<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextArea();
}
