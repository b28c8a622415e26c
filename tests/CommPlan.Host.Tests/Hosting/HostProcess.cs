using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CommPlan.Host.Tests.Hosting;

/// <summary>
/// The host as operators run it: <c>dotnet CommPlan.Host.dll</c> from the build output, in a fresh working folder
/// (its content root, with the app's appsettings.json), with only the environment and arguments a test gives.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    // Generous: a deadline only has to catch a host that will never serve, and a loaded machine starts one slowly.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private HostProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    public string Folder { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }
    public string Error { get { lock (_error) return _error.ToString(); } }

    public static HostProcess Start(IDictionary<string, string?> environment, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("commplan-process-").FullName;
        var app = typeof(Program).Assembly.Location;
        var settings = Path.Combine(Path.GetDirectoryName(app)!, "appsettings.json");
        if (File.Exists(settings)) File.Copy(settings, Path.Combine(folder, "appsettings.json"));

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(app);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Only what the test sets chooses the address: nothing inherited from the machine or the test runner.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["Storage__DatabasePath"] = Path.Combine(folder, "data", "app.db");
        start.Environment["Storage__DocumentsFolder"] = Path.Combine(folder, "data", "documents");
        // Reminder cards would land in the conversations a test counts, depending on the hour it runs.
        start.Environment["Reminders__Enabled"] = "false";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, folder);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (host._output) host._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (host._error) host._error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>
    /// Starts the host on a port nobody listens on, with the environment <paramref name="environment"/> gives for its
    /// address (and <paramref name="arguments"/> its command line), and waits until it serves there. A port free when
    /// chosen can be taken before the host binds it (by any socket on the machine, outgoing connections included); the
    /// host then exits with "address already in use", and it is started again on another port.
    /// </summary>
    public static async Task<ServingHost> StartServingAsync(Func<int, IDictionary<string, string?>> environment, Func<int, string[]>? arguments = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var host = Start(environment(port), arguments?.Invoke(port) ?? []);
            try
            {
                var url = $"http://127.0.0.1:{port}";
                return new ServingHost(host, await host.WaitUntilServingAsync(url), url);
            }
            catch (PortTakenException) when (attempt < 5)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Waits until this process says it listens at <paramref name="baseUrl"/> and GET /health there answers; fails with
    /// what the process printed if it exits or the deadline passes.
    /// </summary>
    public async Task<HttpClient> WaitUntilServingAsync(string baseUrl)
    {
        // Generous per request: a host just started on this shared machine can take a while over its first requests.
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + StartDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the redirected output
                if ((Output + Error).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                    throw new PortTakenException($"{baseUrl} was taken before the host could bind it.\nstdout:\n{Output}\nstderr:\n{Error}");
                Assert.Fail($"The host exited with {_process.ExitCode} instead of serving on {baseUrl}.\nstdout:\n{Output}\nstderr:\n{Error}");
            }
            // Until this process says so, whatever answers at the address is somebody else.
            if (ListensOn(new Uri(baseUrl).Port))
            {
                try
                {
                    if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return client;
                }
                catch (HttpRequestException)
                {
                    // Not answering yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening but slow to answer on a busy machine: ask again until the deadline.
                }
            }
            await Task.Delay(200);
        }
        Assert.Fail($"The host did not serve on {baseUrl} within {StartDeadline}.\nstdout:\n{Output}\nstderr:\n{Error}");
        return client;
    }

    private bool ListensOn(int port) => Regex.IsMatch(Output, $@"Now listening on: [^\s""]*:{port}(?!\d)");

    /// <summary>Waits for the process to stop by itself, as it must when it refuses to start or a command is done.</summary>
    public async Task<int> WaitForExitAsync(string expected = "it should have refused to start")
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The host was still running after {StartDeadline}; {expected}.\nstdout:\n{Output}\nstderr:\n{Error}");
        }
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once (SIGKILL): nothing it had in hand is finished or recorded.</summary>
    public void KillNow()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the exiting process: the temp folder is cleaned by the system.
        }
    }
}

/// <summary>A started host, the client that reached it and the address it serves at.</summary>
public sealed record ServingHost(HostProcess Host, HttpClient Client, string Url) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>The address chosen for a host was taken by another socket before the host could bind it.</summary>
public sealed class PortTakenException(string message) : Exception(message);
