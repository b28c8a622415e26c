namespace CommPlan.Host.Web;

/// <summary>
/// A value someone else chose (an id, a verb, an error text from a remote service), made fit for a log line: cut to
/// a bounded length so a huge value cannot flood the log, and with control characters (line breaks included) shown
/// as '?' so it cannot forge lines.
/// </summary>
public static class LogValue
{
    public const int MaxLength = 200;

    public static string? Bound(string? value, int maxLength = MaxLength)
    {
        if (value is null) return null;
        var cut = value.Length > maxLength;
        var text = cut ? value[..maxLength] : value;
        if (text.Any(char.IsControl)) text = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return cut ? $"{text}… ({value.Length} characters)" : text;
    }
}
