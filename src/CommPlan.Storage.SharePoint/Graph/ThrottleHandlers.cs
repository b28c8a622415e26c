using System.Globalization;
using System.Net;
using CommPlan.Application;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CommPlan.Storage.SharePoint.Graph;

/// <summary>
/// Sits before the SDK's retry handler: a request waits for (or, in the interactive lane, is refused by) the open
/// throttling window before it is sent at all. The retry handler's own retries pass inside, already paced.
/// </summary>
internal sealed class ThrottleGateHandler(SharePointThrottle throttle) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        await throttle.WaitTurnAsync(ct);
        return await base.SendAsync(request, ct);
    }
}

/// <summary>
/// Sits behind the SDK's retry handler and sees every answer, retries included: a 429/503 opens the process's
/// throttling window, and an answer the current lane would not wait for (or the last retry's) ends the call with
/// <see cref="SharePointBusyException"/> instead of going back to the retry handler, which would wait it out.
/// Letting the SDK's handler do the waiting keeps its retry as it was (Retry-Attempt, buffered bodies only); this
/// one only decides.
/// </summary>
internal sealed class ThrottleLaneHandler(SharePointThrottle throttle, RetryHandlerOption retry, TimeProvider time) : DelegatingHandler
{
    private const string RetryAttempt = "Retry-Attempt";
    // The retry handler's ceiling on one wait (RetryHandlerOption.MaxDelay, not public).
    private static readonly TimeSpan RetryHandlerMaxDelay = TimeSpan.FromSeconds(180);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        if (!SharePointThrottle.IsThrottling(response.StatusCode) && response.StatusCode != HttpStatusCode.GatewayTimeout) return response;

        var retryAfter = throttle.RetryAfterOf(response);
        if (retryAfter is { } given && SharePointThrottle.IsThrottling(response.StatusCode)) throttle.Throttled(given);
        var attempt = request.Headers.TryGetValues(RetryAttempt, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        // Without a Retry-After the retry handler backs off exponentially: that is the wait to weigh.
        var asked = retryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt) * retry.Delay);
        if (attempt >= retry.MaxRetry || throttle.WaitFor(asked) is not { } wait)
        {
            response.Dispose();
            throw new SharePointBusyException(asked);
        }
        // The retry handler waits at most its own ceiling (3 minutes); bulk work waits the rest of what was asked.
        var beyond = wait - RetryHandlerMaxDelay;
        if (beyond > TimeSpan.Zero) await Task.Delay(beyond, time, ct);
        return response;
    }
}
