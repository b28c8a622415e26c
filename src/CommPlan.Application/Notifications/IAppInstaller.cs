namespace CommPlan.Application.Notifications;

public enum AppInstallOutcome
{
    /// <summary>Installed now, or it was installed already.</summary>
    Installed,
    /// <summary>The directory has no such user.</summary>
    UserNotFound,
    /// <summary>The app may not install itself (the permission is not granted), or the catalog has no such app.</summary>
    Refused,
}

public sealed record AppInstallResult(AppInstallOutcome Outcome, string? Reason);

/// <summary>Installs the app for a person in their personal scope, so that it can write to them first.</summary>
public interface IAppInstaller
{
    Task<AppInstallResult> InstallForUserAsync(Guid userObjectId, string catalogAppId, CancellationToken ct);
}
