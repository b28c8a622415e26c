using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CommPlan.Browser.Tests.Infrastructure;

/// <summary>
/// The app as operators run it (<c>dotnet CommPlan.Host.dll</c> from the build output) in a fresh working folder, at
/// http://localhost:{port}: a browser counts localhost as a secure origin, so it keeps the app's Secure session cookie.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    // Generous: a deadline only has to catch a host that will never serve, and a loaded machine starts one slowly.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        Folder = folder;
        BaseAddress = baseAddress;
    }

    public string Folder { get; }
    public Uri BaseAddress { get; }

    /// <summary>The origin pages see (no trailing slash).</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>What the app printed, to explain a failure.</summary>
    public string Printed { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts the app on a port nobody listens on and waits until it serves there. A port free when chosen can be
    /// taken before the app binds it (by any socket on the machine); the app then exits with "address already in use",
    /// and it is started again on another port.
    /// </summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string?> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = Start(environment);
            try
            {
                await host.WaitUntilServingAsync();
                return host;
            }
            catch (PortTakenException) when (attempt < 5)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static AppProcess Start(IDictionary<string, string?> environment)
    {
        var folder = Directory.CreateTempSubdirectory("commplan-browser-").FullName;
        var app = typeof(Program).Assembly.Location;
        var settings = Path.Combine(Path.GetDirectoryName(app)!, "appsettings.json");
        if (File.Exists(settings)) File.Copy(settings, Path.Combine(folder, "appsettings.json"));
        var url = new Uri($"http://localhost:{FreePort()}");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(app);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_URLS", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority);
        start.Environment["Storage__DatabasePath"] = Path.Combine(folder, "data", "app.db");
        start.Environment["Storage__DocumentsFolder"] = Path.Combine(folder, "data", "documents");
        // The build output has no wwwroot (a publish copies it; dotnet run finds it through the static web assets
        // manifest in Development): the pages' own scripts and styles come from the source folder.
        start.Environment["ASPNETCORE_WEBROOT"] = WebRoot();
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var host = new AppProcess(process, folder, url);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (host._output) host._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (host._output) host._output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task WaitUntilServingAsync()
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + StartDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the redirected output
                if (Printed.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                    throw new PortTakenException($"{BaseAddress} was taken before the app could bind it.\n{Printed}");
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} instead of serving on {BaseAddress}.\n{Printed}");
            }
            try
            {
                // Until this process says it listens there, whatever answers at the address is somebody else.
                if (Printed.Contains($"Now listening on: {Origin}{Environment.NewLine}", StringComparison.Ordinal)
                    && (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet (a first health check that reaches Microsoft 365 takes a while).
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not serve on {BaseAddress} within {StartDeadline}.\n{Printed}");
    }

    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CommPlan.Host", "wwwroot");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"No src/CommPlan.Host/wwwroot above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
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

/// <summary>The address chosen for the app was taken by another socket before the app could bind it.</summary>
public sealed class PortTakenException(string message) : Exception(message);
