namespace CommPlan.Host.Bot;

/// <summary>
/// Where people open the plan from a card: the app's public address (PublicUrl), so every card action has a plain
/// link to fall back on where a client cannot run Action.Execute.
/// </summary>
public sealed class AppLinks(Uri baseUrl)
{
    public Uri Plan { get; } = new(baseUrl, "/");

    public Uri Activity(Guid id) => new(baseUrl, $"/#a-{id:N}");

    public static AppLinks From(IConfiguration configuration)
    {
        var value = configuration["PublicUrl"];
        if (string.IsNullOrWhiteSpace(value)) value = "http://localhost:3978";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"PublicUrl must be an absolute http(s) address; it is '{value}'.");
        return new AppLinks(url);
    }
}
