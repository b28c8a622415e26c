using System.Globalization;

namespace CommPlan.Host.Settings;

/// <summary>Collects what is wrong with the settings, in one format: <c>Setting Bot:Outbox:MaxParallelSends must be at least 1 (was 0).</c></summary>
public sealed class SettingProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    /// <param name="was">The value as configured, already quoted or formatted; null for secrets and for settings that are missing.</param>
    public void Add(string setting, string reason, string? was = null) =>
        _problems.Add(was is null ? $"Setting {setting} {reason}." : $"Setting {setting} {reason} (was {was}).");

    /// <summary>A sentence that already names its settings (from a check the app shares with other tools).</summary>
    public void AddSentence(string sentence) => _problems.Add(sentence.EndsWith('.') ? sentence : sentence + ".");

    public void ThrowIfAny()
    {
        if (_problems.Count > 0) throw new InvalidSettingsException([.. _problems]);
    }

    public static string Quote(string? value) => $"'{value}'";

    public static string Show(object value) => value switch
    {
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString()),
    };
}
