namespace CommPlan.Host.Pages;

/// <summary>One of the pages about the service (privacy, accessibility, terms): its texts' prefix in TextLegal and how many sections it has.</summary>
public sealed record LegalPage(string Prefix, int Sections);

/// <summary>The footer's links to the pages about the service, for pages written outside Razor (problems shown as a page).</summary>
public static class LegalLinks
{
    private static readonly System.Resources.ResourceManager Text = new("CommPlan.Host.Resources.TextLegal", typeof(LegalLinks).Assembly);

    public static string Footer(System.Text.Encodings.Web.HtmlEncoder html)
    {
        string T(string key) => html.Encode(Text.GetString(key, System.Globalization.CultureInfo.CurrentUICulture) ?? key);
        return $"""<footer><nav class="legal" aria-label="{T("Footer_Label")}"><a href="/privacy">{T("Footer_Privacy")}</a> · <a href="/accessibility">{T("Footer_Accessibility")}</a> · <a href="/terms">{T("Footer_Terms")}</a></nav></footer>""";
    }
}
