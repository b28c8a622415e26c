using CommPlan.Application;

namespace CommPlan.Host.Settings;

/// <summary>Why the app did not start, as the lines an operator reads, without a stack trace.</summary>
public static class StartupFailure
{
    public const int ExitCode = 2;

    /// <summary>The text for a failure the operator can fix by configuration; null for anything else (a bug keeps its stack trace).</summary>
    public static string? Describe(Exception e) => e switch
    {
        InvalidSettingsException settings => "CommPlan cannot start:" + Environment.NewLine
            + string.Join(Environment.NewLine, settings.Problems.Select(p => "  " + p)),
        // A store or service the app needs at start is missing or damaged: the message names it and the remedy.
        DependencyUnavailableException dependency => "CommPlan cannot start: " + dependency.Message,
        // Kestrel cannot take the configured address (in use, or not this machine's).
        IOException io when io.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal) =>
            "CommPlan cannot start: " + io.Message + " Choose another address with ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, --urls or Kestrel:Endpoints.",
        _ => null,
    };
}
