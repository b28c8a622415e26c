using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Web;

/// <summary>
/// Keeps each text once looked up, per language. A view of 1,000 activities asks for a status word thousands of
/// times, and every lookup in a ResourceManager walks its cultures under a lock; the resources never change while
/// the app runs, so what was found once holds.
/// </summary>
public sealed class CachedTextFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<Type, IStringLocalizer> _byType = new();
    private readonly ConcurrentDictionary<(string, string), IStringLocalizer> _byName = new();

    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CachedTextFactory>();
        return services;
    }

    public IStringLocalizer Create(Type resourceSource) =>
        _byType.GetOrAdd(resourceSource, static (type, factory) => new CachedText(factory.Create(type)), inner);

    public IStringLocalizer Create(string baseName, string location) =>
        _byName.GetOrAdd((baseName, location), static (key, factory) => new CachedText(factory.Create(key.Item1, key.Item2)), inner);
}

/// <summary>A localizer that keeps what its inner one found, per UI language; formats as the resource localizer does.</summary>
public sealed class CachedText(IStringLocalizer inner) : IStringLocalizer
{
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _found = new();

    public LocalizedString this[string name] =>
        _found.GetOrAdd((CultureInfo.CurrentUICulture.Name, name), static (key, text) => text[key.Name], inner);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
