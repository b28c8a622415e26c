namespace CommPlan.Host.Features.SignIn;

/// <summary>The SignIn section: how long a page session lasts, whichever way it began.</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>
    /// The longest a page session cookie is honoured (never sliding). A Teams SSO session also ends when the token it
    /// came from expires; afterwards the page asks Teams (or Entra ID) again, silently.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    public static readonly TimeSpan MinSessionLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(12);
}
