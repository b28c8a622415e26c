using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CommPlan.Teams.Schema;

namespace CommPlan.Teams.Connector;

/// <summary>
/// The Bot Connector REST API (v3) over HttpClient: send, reply, update and delete activities, create a 1:1
/// conversation, list members page by page and read one member. Every call goes to the conversation's own service URL.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IConnectorTokenProvider tokens, TimeProvider time)
{
    public Task<ResourceResponse> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken ct = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, Activities(conversationId), activity, "Sending to the conversation", ct);

    public Task<ResourceResponse> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, Activities(conversationId, replyToId), activity with { ReplyToId = replyToId }, "Replying", ct);

    public Task<ResourceResponse> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, Activities(conversationId, activityId), activity with { Id = activityId }, "Updating the activity", ct);

    public Task DeleteActivityAsync(Uri serviceUrl, string conversationId, string activityId, CancellationToken ct = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, Activities(conversationId, activityId), null, "Deleting the activity", ct);

    public Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken ct = default) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, "Creating the conversation", ct);

    public async Task<PagedMembersResult> GetPagedMembersAsync(Uri serviceUrl, string conversationId, int? pageSize = null,
        string? continuationToken = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (pageSize is { } size) query.Add("pageSize=" + size);
        if (!string.IsNullOrEmpty(continuationToken)) query.Add("continuationToken=" + Uri.EscapeDataString(continuationToken));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/pagedmembers" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var page = await SendAsync<PagedMembersResult>(HttpMethod.Get, serviceUrl, path, null, "Listing the members", ct);
        return page with { Members = page.Members ?? [] };
    }

    /// <summary>One member with their directory details (e-mail, user principal name), by channel id or Entra object id.</summary>
    public Task<TeamsChannelAccount> GetMemberAsync(Uri serviceUrl, string conversationId, string memberId, CancellationToken ct = default) =>
        SendAsync<TeamsChannelAccount>(HttpMethod.Get, serviceUrl,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(memberId)}", null, "Reading the member", ct);

    private static string Activities(string conversationId, string? activityId = null) =>
        $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities" + (activityId is null ? "" : "/" + Uri.EscapeDataString(activityId));

    private async Task<T> SendAsync<T>(HttpMethod method, Uri serviceUrl, string path, object? body, string operation, CancellationToken ct)
        where T : class
    {
        var token = await tokens.GetTokenAsync(ct);
        if (token is null && !serviceUrl.IsLoopback)
            throw new InvalidOperationException(
                $"No bot app id is configured (Bot:AppId), so the app sends without a token and only to local clients; {serviceUrl.Host} is not one. Configure Bot:AppId, a credential (Bot:AppPassword or Bot:AppCertificatePath) and Bot:TenantId to reach Teams.");

        // The service URL may carry a path (…/amer/, …/teams/); the API path is relative to it.
        var baseUrl = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonBody(body);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw Failure(response, text, operation);
        if (string.IsNullOrWhiteSpace(text)) return Empty<T>();
        return JsonSerializer.Deserialize<T>(text, ProtocolJson.Options) ?? Empty<T>();
    }

    /// <summary>
    /// The body serialized up front, so the request carries a Content-Length as the Bot Framework SDKs send it;
    /// JsonContent would stream it chunked, which not every gateway on the way accepts.
    /// </summary>
    private static ByteArrayContent JsonBody(object body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ProtocolJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static T Empty<T>() where T : class =>
        typeof(T) == typeof(ResourceResponse) ? (T)(object)new ResourceResponse(null)
        : typeof(T) == typeof(ConversationResourceResponse) ? (T)(object)new ConversationResourceResponse(null)
        : typeof(T) == typeof(PagedMembersResult) ? (T)(object)new PagedMembersResult(null, [])
        : throw new InvalidOperationException("No empty value for " + typeof(T).Name);

    private ConnectorException Failure(HttpResponseMessage response, string body, string operation)
    {
        var (code, subCode, message) = ConnectorException.ParseBody(body);
        return new ConnectorException(response.StatusCode, code, subCode, message, RetryAfter(response.Headers.RetryAfter), body, operation);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
