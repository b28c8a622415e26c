using System.Collections.Concurrent;
using System.Net;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CommPlan.Host.Tests.Bot.BotActivities;

namespace CommPlan.Host.Tests.Bot;

/// <summary>What callers choose (ids, verbs) reaches the log bounded and on one line.</summary>
public sealed class BotLogTests : IAsyncLifetime
{
    private readonly LogLines _log = new();
    private readonly AppFactory _app;

    public BotLogTests() => _app = new AppFactory { ConfigureTestServices = s => s.AddSingleton<ILoggerProvider>(_log) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_long_conversation_id_is_cut_short_in_the_log()
    {
        var id = "a:" + new string('x', 1000);

        var response = await _app.CreateClient().PostActivityAsync(Personal("message", "hjälp", conversationId: id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(_log.Lines, l => l.Contains("Reachable") && l.Contains("(1002 characters)"));
        Assert.DoesNotContain(_log.Lines, l => l.Contains(id));
    }

    [Fact]
    public async Task A_line_break_in_a_card_verb_cannot_forge_a_log_line()
    {
        var response = await _app.CreateClient().PostActivityAsync(Invoke("no.such.verb\nfake: admin signed in"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(_log.Lines, l => l.Contains("no.such.verb?fake: admin signed in"));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("no.such.verb\n"));
    }

    private sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines.ToArray();

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
