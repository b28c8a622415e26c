using System.Globalization;
using CommPlan.Host.Extensions;

namespace CommPlan.Host.Bot;

/// <summary>Picks the language to answer in from the activity's locale: Swedish, Norwegian bokmål or English.</summary>
public static class BotCulture
{
    public static CultureInfo From(string? locale, CultureInfo fallback)
    {
        if (string.IsNullOrWhiteSpace(locale)) return fallback;
        var language = locale.Split('-', '_')[0].ToLowerInvariant();
        // Teams users in Norway may have nb, nn or no; bokmål reads best for all of them.
        if (language is "nb" or "nn" or "no") language = "nb";
        return WebExtensions.Cultures.FirstOrDefault(c => c.Name == language) ?? fallback;
    }
}
