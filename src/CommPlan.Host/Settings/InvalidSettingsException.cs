namespace CommPlan.Host.Settings;

/// <summary>
/// Settings the app cannot work with, found before it starts: one sentence per setting, naming it and the reason.
/// The host prints them and exits instead of answering requests with errors.
/// </summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems, Exception? inner = null)
    : InvalidOperationException(string.Join(Environment.NewLine, problems), inner)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
