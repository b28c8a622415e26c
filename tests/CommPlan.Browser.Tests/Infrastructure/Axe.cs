using Microsoft.Playwright;

namespace CommPlan.Browser.Tests.Infrastructure;

/// <summary>axe-core on a whole page (or frame) for WCAG 2.1 A and AA, every impact.</summary>
public static class Axe
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>
    /// The violations, one line per rule with its elements. axe is put on the page from disk, so the page's context
    /// must bypass the app's policy (own scripts only).
    /// </summary>
    public static async Task<string[]> WcagViolationsAsync(IFrame frame)
    {
        await frame.AddScriptTagAsync(new() { Path = NodeModules.File("axe-core/axe.min.js") });
        return await frame.EvaluateAsync<string[]>(
            """
            async tags => {
              const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
              return results.violations.map(v => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map(n => `  ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`);
            }
            """, WcagTags);
    }
}
