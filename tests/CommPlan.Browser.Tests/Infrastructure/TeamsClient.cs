using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace CommPlan.Browser.Tests.Infrastructure;

/// <summary>
/// A browser tab with the Teams client emulated at the app's origin (teams-client.js, served by route fulfilment): it
/// frames one of the app's pages, answers its teams-js requests as Teams does and keeps each request it got.
/// </summary>
public sealed class TeamsClient : IAsyncDisposable
{
    private const string HostPath = "/teams-client-emulation";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly IBrowserContext _context;
    private readonly List<string> _console = [];

    private TeamsClient(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => { lock (_console) _console.Add($"{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (_console) _console.Add($"page error: {error}"); };
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is not null) Interlocked.Increment(ref _tabLoads);
        };
    }

    private int _tabLoads;

    public IPage Page { get; }

    /// <summary>The framed tab page.</summary>
    public IFrameLocator Tab => Page.FrameLocator("#tab");

    /// <summary>How many times the framed page was loaded (a reload counts again).</summary>
    public int TabLoads => Volatile.Read(ref _tabLoads);

    /// <summary>What the page and the emulated client wrote to their consoles, to explain a failure.</summary>
    public string Console { get { lock (_console) return string.Join('\n', _console); } }

    /// <summary>Opens the client at <paramref name="app"/>'s origin framing <paramref name="tabPath"/> in a frame context.</summary>
    public static async Task<TeamsClient> OpenAsync(IBrowser browser, AppProcess app, string tabPath, string frameContext, string token, bool bypassCsp = false,
        string theme = "default", string locale = "en-gb")
    {
        var context = await browser.NewContextAsync(new() { Locale = "en-GB", BypassCSP = bypassCsp });
        var page = await context.NewPageAsync();
        var client = new TeamsClient(context, page);
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Infrastructure", "teams-client.js"));
        var config = JsonSerializer.Serialize(new { frameContext, token, theme, locale });
        var html = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Teams</title></head>
            <body><iframe id="tab" title="Tab" src="{WebUtility.HtmlEncode(tabPath)}" style="width:100%;height:90vh"></iframe>
            <script>window.teamsClientConfig = {config};</script><script>{script}</script></body></html>
            """;
        await page.RouteAsync($"{app.Origin}{HostPath}", route => route.FulfillAsync(new() { ContentType = "text/html; charset=utf-8", Body = html }));
        await page.GotoAsync(app.Origin + HostPath);
        return client;
    }

    /// <summary>The framed tab page as a frame, to run scripts in.</summary>
    public async Task<IFrame> TabFrameAsync() =>
        await (await Page.QuerySelectorAsync("#tab") ?? throw new InvalidOperationException("The client has no tab frame.")).ContentFrameAsync()
        ?? throw new InvalidOperationException("The tab frame has no page.");

    /// <summary>The requests the page sent to the client, in order.</summary>
    public async Task<IReadOnlyList<HostRequest>> ReceivedAsync() =>
        (await Page.EvaluateAsync<JsonElement>("() => window.teamsClient.received")).Deserialize<HostRequest[]>(JsonSerializerOptions.Web)!;

    /// <summary>Waits until the page sent a request for <paramref name="func"/> (the <paramref name="nth"/> one, from 1); fails with what it did get.</summary>
    public async Task<HostRequest> WaitForRequestAsync(string func, int nth = 1)
    {
        try
        {
            await Page.WaitForFunctionAsync("([f, n]) => window.teamsClient.received.filter(m => m.func === f).length >= n",
                new object[] { func, nth }, new() { Timeout = (float)Deadline.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The page did not send {func} (#{nth}) to Teams within {Deadline}. It sent: "
                + string.Join(", ", (await ReceivedAsync()).Select(r => r.Func)) + $"\nConsole:\n{Console}");
        }
        return (await ReceivedAsync()).Where(r => r.Func == func).ElementAt(nth - 1);
    }

    /// <summary>Runs a Playwright expectation; when it fails, says what the page asked of Teams and what it logged.</summary>
    public async Task ExpectAsync(Func<Task> expectation)
    {
        try
        {
            await expectation();
        }
        catch (PlaywrightException e)
        {
            Assert.Fail($"{e.Message}\nThe page sent to Teams: {string.Join(", ", (await ReceivedAsync()).Select(r => r.Func))}\nConsole:\n{Console}");
        }
    }

    /// <summary>The user presses Save in Teams' configuration dialog.</summary>
    public Task SaveAsync() => Page.EvaluateAsync("() => window.teamsClient.save()");

    /// <summary>The person switches Teams to another theme (default, dark, contrast) while the tab is open.</summary>
    public Task SetThemeAsync(string theme) => Page.EvaluateAsync("theme => window.teamsClient.setTheme(theme)", theme);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}

public sealed record HostRequest(string Func, JsonElement[] Args);
