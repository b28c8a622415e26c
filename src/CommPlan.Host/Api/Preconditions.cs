namespace CommPlan.Host.Api;

public static class Preconditions
{
    /// <summary>The version a conditional write quotes (If-Match), or null when the request sends none (the API then answers 428).</summary>
    public static string? IfMatch(this HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString().Trim() : null;
}
