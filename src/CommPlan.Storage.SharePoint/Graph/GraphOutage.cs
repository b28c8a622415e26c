using System.Net;
using CommPlan.Application;
using Microsoft.Extensions.Logging;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>
/// What the process last learnt about reaching Graph: a token failure (remembered for its retry time, so a refused
/// credential is not asked again on every call) and the last request that could not reach Graph. The health check
/// reads it, so /health tells the reason without spending a Graph request.
/// </summary>
public sealed class GraphOutage(TimeProvider time, ILogger<GraphOutage> log)
{
    private readonly Lock _gate = new();
    private (GraphAuthenticationException Failure, DateTimeOffset Until)? _token;
    private (DependencyUnavailableException Failure, DateTimeOffset Until)? _unreachable;
    private (DependencyUnavailableException Failure, DateTimeOffset Until)? _directory;

    /// <summary>How long a directory refusal is remembered: no directory call per request while the permission is missing.</summary>
    public static readonly TimeSpan DirectoryRefusalMemory = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Graph refused the app a directory call (403 on checkMemberGroups: no GroupMember.Read.All consent). Remembered
    /// for <see cref="DirectoryRefusalMemory"/>; the caller throws the result.
    /// </summary>
    public DependencyUnavailableException DirectoryRefused(string code, Exception cause)
    {
        var failure = new DependencyUnavailableException("Microsoft Graph directory",
            $"Microsoft Graph refused the app the group membership of users ({code}): grant the app registration the application permission " +
            "GroupMember.Read.All, with admin consent, or name only users (no groups) in the plans' roles.", DirectoryRefusalMemory, cause);
        log.LogError("Group membership cannot be read; asking again in {Seconds} s: {Reason}", failure.RetryAfterSeconds, failure.Message);
        lock (_gate) _directory = (failure, time.GetUtcNow() + DirectoryRefusalMemory);
        return failure;
    }

    /// <summary>The directory refusal still remembered, its retry time counted down; null when the directory may be asked.</summary>
    public DependencyUnavailableException? RememberedDirectoryRefusal()
    {
        lock (_gate)
        {
            if (_directory is not { } d) return null;
            var left = d.Until - time.GetUtcNow();
            return left > TimeSpan.Zero ? new DependencyUnavailableException(d.Failure.Dependency, d.Failure.Message, left, d.Failure.InnerException) : null;
        }
    }

    public void DirectoryAnswered()
    {
        lock (_gate) _directory = null;
    }

    /// <summary>The token failure still remembered, its retry time counted down; null when a token may be asked for.</summary>
    public GraphAuthenticationException? RememberedTokenFailure()
    {
        lock (_gate)
        {
            if (_token is not { } t) return null;
            var left = t.Until - time.GetUtcNow();
            return left > TimeSpan.Zero ? new GraphAuthenticationException(t.Failure.Message, t.Failure.InnerException!, left, t.Failure.Refusal) : null;
        }
    }

    public GraphAuthenticationException TokenFailed(GraphAuthenticationException failure)
    {
        log.LogError("No token for Microsoft Graph; asking again in {Seconds} s: {Reason}", failure.RetryAfterSeconds, failure.Message);
        lock (_gate) _token = (failure, time.GetUtcNow() + failure.RetryAfter);
        return failure;
    }

    public void TokenObtained()
    {
        lock (_gate) _token = null;
    }

    /// <summary>A request that could not reach Graph, for the caller to throw.</summary>
    public DependencyUnavailableException Unreachable(Uri? uri, Exception cause)
    {
        var failure = new DependencyUnavailableException("Microsoft Graph",
            $"Microsoft Graph cannot be reached at {uri?.GetLeftPart(UriPartial.Authority)}: {cause.Message}", UnreachableFor, cause);
        log.LogError("Microsoft Graph cannot be reached at {Graph}: {Reason}", uri?.GetLeftPart(UriPartial.Authority), cause.Message);
        lock (_gate) _unreachable = (failure, time.GetUtcNow() + UnreachableFor);
        return failure;
    }

    public void Reached()
    {
        lock (_gate) _unreachable = null;
    }

    /// <summary>The failure that keeps Graph from being used now, if any was seen lately.</summary>
    public DependencyUnavailableException? Current()
    {
        if (RememberedTokenFailure() is { } token) return token;
        lock (_gate)
        {
            return _unreachable is { } u && u.Until > time.GetUtcNow() ? u.Failure : null;
        }
    }

    /// <summary>How long a failed connection to Graph is reported by /health after it happened.</summary>
    public static readonly TimeSpan UnreachableFor = TimeSpan.FromSeconds(30);

    internal static bool IsUnreachable(Exception e, CancellationToken ct) =>
        e is HttpRequestException { StatusCode: null } or IOException
        || (e is TaskCanceledException && !ct.IsCancellationRequested);
}

/// <summary>
/// The outermost handler of the Graph client: a request that never got an answer (connection refused, reset,
/// timed out) ends as <see cref="DependencyUnavailableException"/>, which the doors answer with 503.
/// </summary>
internal sealed class GraphReachabilityHandler(GraphOutage outage) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, ct);
        }
        catch (Exception e) when (GraphOutage.IsUnreachable(e, ct))
        {
            throw outage.Unreachable(request.RequestUri, e);
        }
        if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)) outage.Reached();
        return response;
    }
}
