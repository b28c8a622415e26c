using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace CommPlan.Host.Settings;

/// <summary>
/// Binds a section to its options class, first checking that every value converts to its property's type, so that
/// "abc" for a number is reported as that setting and not as the configuration binder's exception.
/// </summary>
public static class SettingBinder
{
    public static T Bind<T>(IConfiguration configuration, string path, SettingProblems problems) where T : class, new()
    {
        var section = configuration.GetSection(path);
        var before = problems.All.Count;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var setting = $"{path}:{property.Name}";
            if (type.IsArray)
            {
                var element = type.GetElementType()!;
                foreach (var child in section.GetSection(property.Name).GetChildren())
                    Check(setting, element, child.Value, problems);
            }
            else if (!type.IsGenericType)
            {
                var raw = section[property.Name];
                // Left out, or empty for an optional value: the default applies.
                if (raw is null || (raw.Length == 0 && Nullable.GetUnderlyingType(property.PropertyType) is not null)) continue;
                Check(setting, type, raw, problems);
            }
        }
        return problems.All.Count == before ? section.Get<T>() ?? new T() : new T();
    }

    private static void Check(string setting, Type type, string? raw, SettingProblems problems)
    {
        if (type == typeof(string) || raw is null) return;
        if (type.IsEnum)
        {
            if (!Enum.TryParse(type, raw, ignoreCase: true, out var parsed) || !Enum.IsDefined(type, parsed!) || int.TryParse(raw, out _))
                problems.Add(setting, $"must be one of {string.Join(", ", Enum.GetNames(type))}", SettingProblems.Quote(raw));
            return;
        }
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, raw);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add(setting, $"must be {Kind(type)}", SettingProblems.Quote(raw));
        }
    }

    private static string Kind(Type type) =>
        type == typeof(TimeSpan) ? "a duration such as 00:00:30 (hh:mm:ss)"
        : type == typeof(bool) ? "true or false"
        : type == typeof(Guid) ? "a GUID"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : $"a {type.Name}";
}
