using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace CommPlan.Browser.Tests.Infrastructure;

/// <summary>A page with the Adaptive Cards renderer, markdown-it and axe-core loaded, ready to render cards.</summary>
public sealed class CardPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> console = [];

    private CardPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                console.Add($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => console.Add($"page error: {error}");
    }

    public IPage Page { get; }

    /// <summary>What the page wrote to its console as warnings or errors, and uncaught errors.</summary>
    public IReadOnlyList<string> ConsoleProblems => console;

    public static async Task<CardPage> OpenAsync(IBrowser browser, string locale)
    {
        // Nothing on the page may reach the network: card images are data URIs and the scripts are served from disk.
        var context = await browser.NewContextAsync(new() { Locale = locale, Offline = true });
        var page = await context.NewPageAsync();
        var cardPage = new CardPage(context, page);
        await page.SetContentAsync(
            $"""<!doctype html><html lang="{WebUtility.HtmlEncode(locale)}"><head><meta charset="utf-8"><title>Card</title></head><body><main id="card"></main></body></html>""");
        await page.AddScriptTagAsync(new() { Path = NodeModules.File("markdown-it/dist/markdown-it.min.js") });
        await page.AddScriptTagAsync(new() { Path = NodeModules.File("adaptivecards/dist/adaptivecards.min.js") });
        await page.AddScriptTagAsync(new() { Path = NodeModules.File("axe-core/axe.min.js") });
        await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "card-host.js") });
        return cardPage;
    }

    public async Task<RenderResult> RenderAsync(JsonElement card)
    {
        var result = await Page.EvaluateAsync<JsonElement>("json => renderCard(json)", card.GetRawText());
        return result.Deserialize<RenderResult>(JsonSerializerOptions.Web)!;
    }

    /// <summary>The text an element shows, as a reader sees it (innerText), or null when there is no such element.</summary>
    public Task<string?> TextOfAsync(string selector) => Page.EvaluateAsync<string?>("s => textOf(s)", selector);

    /// <summary>axe-core's serious and critical violations inside the rendered card.</summary>
    public async Task<string[]> AccessibilityViolationsAsync() =>
        await Page.EvaluateAsync<string[]>("() => checkAccessibility()");

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

public sealed record RenderResult(string[] Problems, string Text);
