using CommPlan.Application;

namespace CommPlan.Storage.SharePoint;

/// <summary>SharePoint is throttling the app and asks it to wait: the application's busy dependency.</summary>
public sealed class SharePointBusyException(TimeSpan retryAfter) : DependencyBusyException("SharePoint", retryAfter);
