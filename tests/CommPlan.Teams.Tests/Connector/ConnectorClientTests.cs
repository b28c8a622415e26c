using System.Net;
using CommPlan.Teams.Connector;
using CommPlan.Teams.Schema;
using CommPlan.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommPlan.Teams.Tests.Connector;

/// <summary>The Bot Connector client against a loopback Bot Connector and a loopback Entra ID token endpoint.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string AppId = "0a1b2c3d-0000-4000-8000-00000000b07a";
    private const string Secret = "s3cret~value";
    private const string TenantId = "9f8e7d6c-0000-4000-8000-0000000000aa";
    private const string Personal = "a:1Zq9-personal;messageid=17000";
    private const string Channel = "19:abc123@thread.tacv2;messageid=1700000000001";

    private LoopbackConnectorServer _connector = null!;
    private LoopbackTokenServer _tokens = null!;
    private ServiceProvider _services = null!;
    private ConnectorClient _client = null!;
    private Uri _serviceUrl = null!;

    public async Task InitializeAsync()
    {
        _connector = await LoopbackConnectorServer.StartAsync();
        _tokens = await LoopbackTokenServer.StartAsync(AppId, Secret);
        _connector.AcceptToken = _tokens.Issued;
        _serviceUrl = new Uri(_connector.ServiceUrl);
        (_services, _client) = Build(Secret);
    }

    private (ServiceProvider, ConnectorClient) Build(string secret) => Build(Options with { AppPassword = secret });

    private ConnectorOptions Options => new() { AppId = AppId, TenantId = TenantId, Authority = _tokens.Authority(TenantId) };

    private (ServiceProvider, ConnectorClient) Build(ConnectorOptions options)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(MsalConnectorTokenProvider.HttpClientName).ConfigurePrimaryHttpMessageHandler(_tokens.CreatePinnedHandler);
        var provider = services.BuildServiceProvider();
        var tokens = new MsalConnectorTokenProvider(options, options.CredentialSettings().Load(TimeProvider.System), provider.GetRequiredService<IHttpClientFactory>());
        return (provider, new ConnectorClient(new HttpClient(), tokens, TimeProvider.System));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connector.DisposeAsync();
        await _tokens.DisposeAsync();
    }

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    [Fact]
    public async Task Sends_to_a_conversation_whose_id_needs_escaping_and_gets_the_activity_id()
    {
        var sent = await _client.SendToConversationAsync(_serviceUrl, Channel, Message("Hej"));

        var received = Assert.Single(_connector.Received(Channel));
        Assert.Equal(received.ActivityId, sent.Id);
        Assert.Equal("Hej", received.Text);
    }

    [Fact]
    public async Task Replies_to_an_activity()
    {
        var first = await _client.SendToConversationAsync(_serviceUrl, Channel, Message("Fråga"));

        var reply = await _client.ReplyToActivityAsync(_serviceUrl, Channel, first.Id!, Message("Svar"));

        var received = _connector.Received(Channel);
        Assert.Equal(2, received.Count);
        Assert.Equal(reply.Id, received[1].ActivityId);
        Assert.Equal(first.Id, received[1].Activity.ReplyToId);
    }

    [Fact]
    public async Task Updates_and_deletes_an_activity()
    {
        var sent = await _client.SendToConversationAsync(_serviceUrl, Personal, Message("Utkast"));

        var updated = await _client.UpdateActivityAsync(_serviceUrl, Personal, sent.Id!, Message("Godkänd"));
        var afterUpdate = Assert.Single(_connector.Received(Personal));
        await _client.DeleteActivityAsync(_serviceUrl, Personal, sent.Id!);

        Assert.Equal(sent.Id, updated.Id);
        Assert.Equal("Godkänd", afterUpdate.Text);
        Assert.Equal(2, afterUpdate.Version);
        Assert.True(Assert.Single(_connector.Received(Personal)).Deleted);
    }

    [Fact]
    public async Task Every_post_and_put_carries_a_content_length_and_is_not_chunked()
    {
        var sent = await _client.SendToConversationAsync(_serviceUrl, Personal, Message("Utkast med åäö"));
        await _client.ReplyToActivityAsync(_serviceUrl, Personal, sent.Id!, Message("Svar"));
        await _client.UpdateActivityAsync(_serviceUrl, Personal, sent.Id!, Message("Godkänd"));
        await _client.CreateConversationAsync(_serviceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = "28:" + AppId }, Members = [new ChannelAccount { Id = "29:1user" }], TenantId = TenantId,
        });

        var writes = _connector.Requests.Where(r => r.Method is "POST" or "PUT").ToArray();
        Assert.Equal(4, writes.Length);
        Assert.All(writes, r =>
        {
            Assert.True(r.ContentLength > 0, $"{r.Method} {r.Path} declared no Content-Length");
            Assert.Null(r.TransferEncoding);
        });
    }

    [Fact]
    public async Task Creates_a_one_to_one_conversation()
    {
        var created = await _client.CreateConversationAsync(_serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = "28:" + AppId },
            Members = [new ChannelAccount { Id = "29:1user" }],
            TenantId = TenantId,
        });

        Assert.StartsWith("a:", created.Id);
        Assert.Equal(TenantId, Assert.Single(_connector.CreatedConversations).TenantId);
    }

    [Fact]
    public async Task Lists_members_page_by_page_with_their_directory_details()
    {
        _connector.AddMembers(Channel, Enumerable.Range(1, 5).Select(i => new TeamsChannelAccount
        {
            Id = "29:" + i, Name = "Person " + i, AadObjectId = Guid.NewGuid().ToString(), Email = $"p{i}@kommun.se", UserPrincipalName = $"p{i}@kommun.se",
        }));

        var members = new List<TeamsChannelAccount>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _client.GetPagedMembersAsync(_serviceUrl, Channel, pageSize: 2, continuationToken: token);
            members.AddRange(page.Members);
            token = page.ContinuationToken;
            pages++;
        } while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => "29:" + i), members.Select(m => m.Id));
        Assert.Equal("p3@kommun.se", members[2].UserPrincipalName);
    }

    [Fact]
    public async Task The_token_is_fetched_once_and_cached_across_calls()
    {
        for (var i = 0; i < 5; i++) await _client.SendToConversationAsync(_serviceUrl, Personal, Message("m" + i));

        Assert.Equal(1, _tokens.TokenRequests);
        Assert.Equal(ConnectorOptions.BotFrameworkScope, _tokens.LastScope);
        Assert.All(_connector.Tokens, t => Assert.True(_tokens.Issued(t!)));
    }

    [Fact]
    public async Task A_wrong_secret_says_so()
    {
        var (services, client) = Build("not-the-secret");
        await using var _ = services;

        var e = await Assert.ThrowsAsync<ConnectorAuthenticationException>(() => client.SendToConversationAsync(_serviceUrl, Personal, Message("x")));

        Assert.Contains("invalid_client", e.Message);
        Assert.Contains("Bot:AppPassword", e.Message);
        Assert.Empty(_connector.Received(Personal));
    }

    [Fact]
    public async Task A_certificate_registered_with_the_app_gets_the_bots_token()
    {
        using var certificate = TestCertificates.Create();
        _tokens.TrustClientCertificate(certificate);
        var folder = Directory.CreateTempSubdirectory("commplan-bot-cert-");
        try
        {
            var (services, client) = Build(Options with { AppCertificatePath = TestCertificates.WritePem(certificate, folder) });
            await using var _ = services;

            await client.SendToConversationAsync(_serviceUrl, Personal, Message("Signerad"));

            Assert.True(_tokens.Issued(_connector.Tokens.Single()!));
            Assert.Equal(AppId, _tokens.LastClientAssertion?.Subject);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_blocked_bot_is_403_with_the_MessageWritesBlocked_sub_code()
    {
        _connector.Block(Personal);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendToConversationAsync(_serviceUrl, Personal, Message("x")));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal(SubCodes.MessageWritesBlocked, e.SubCode);
        Assert.True(e.Is(SubCodes.MessageWritesBlocked));
        Assert.Contains("errorCode", e.Body);
    }

    [Fact]
    public async Task A_missing_conversation_is_404_ConversationNotFound()
    {
        _connector.Remove(Personal);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendToConversationAsync(_serviceUrl, Personal, Message("x")));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal(SubCodes.ConversationNotFound, e.Code);
    }

    [Fact]
    public async Task A_throttled_send_carries_the_Retry_After()
    {
        _connector.FailNext(Personal, 429, "TooManyRequests", retryAfter: TimeSpan.FromSeconds(3));

        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendToConversationAsync(_serviceUrl, Personal, Message("x")));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), e.RetryAfter);
    }

    [Fact]
    public async Task Sends_beyond_the_documented_limit_of_a_conversation_are_throttled_without_a_Retry_After()
    {
        // On a clock that stands still every send arrives in the same instant: 7 fit in the conversation's second.
        await using var connector = await LoopbackConnectorServer.StartAsync(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow));
        connector.AcceptToken = _tokens.Issued;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            try
            {
                await _client.SendToConversationAsync(new Uri(connector.ServiceUrl), Personal, Message("m" + i));
                statuses.Add(HttpStatusCode.Created);
            }
            catch (ConnectorException e)
            {
                statuses.Add(e.StatusCode);
                Assert.Null(e.RetryAfter);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Created, 7), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, connector.LimitThrottles);
        Assert.Equal(9, connector.BusiestWindow(TimeSpan.FromSeconds(1), Personal));
        Assert.Equal([$"{Personal}: 9 in 1 s (limit 7)", $"{Personal}: 9 in 2 s (limit 8)"], connector.LimitBreaches());
    }

    [Fact]
    public async Task An_error_page_that_is_not_JSON_is_kept_as_the_message_and_classified_by_its_status()
    {
        _connector.FailNextWithoutJson(Personal, 502);

        var e = await Assert.ThrowsAsync<ConnectorException>(() => _client.SendToConversationAsync(_serviceUrl, Personal, Message("x")));

        Assert.Equal(HttpStatusCode.BadGateway, e.StatusCode);
        Assert.Null(e.Code);
        Assert.Contains("Bad Gateway", e.Body);
    }

    [Theory]
    [InlineData("""{"error":{"code":"BotDisabledByAdmin","message":"The bot is disabled by admin"}}""", "BotDisabledByAdmin", null)]
    [InlineData("""{"errorCode":209,"message":"{\r\n  \"subCode\": \"MessageWritesBlocked\",\r\n  \"details\": \"Thread is blocked from message writes.\",\r\n  \"errorCode\": null,\r\n  \"errorSubCode\": null\r\n}"}""", "209", "MessageWritesBlocked")]
    [InlineData("""{"error":{"code":"Forbidden","message":"Forbidden","innerHttpError":{"statusCode":403,"body":{"subCode":"MessageWritesBlocked"}}}}""", "Forbidden", "MessageWritesBlocked")]
    [InlineData("""{"error":{"code":"ServiceError","message":"Unknown"},"subCode":"MessageWritesBlocked"}""", "ServiceError", "MessageWritesBlocked")]
    [InlineData("Forbidden: MessageWritesBlocked", null, "MessageWritesBlocked")]
    public void Reads_the_documented_error_shapes(string body, string? code, string? subCode)
    {
        var parsed = ConnectorException.ParseBody(body);

        Assert.Equal(code, parsed.Code);
        Assert.Equal(subCode, parsed.SubCode);
    }

    [Fact]
    public void The_options_text_never_shows_the_secrets()
    {
        var options = new ConnectorOptions { AppId = AppId, AppPassword = Secret, AppCertificatePassword = "pfx-pass", TenantId = "t" };

        var text = options.ToString();

        Assert.Contains(AppId, text);
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("pfx-pass", text);
    }

    [Fact]
    public async Task Without_an_app_id_it_sends_no_token_and_only_to_loopback()
    {
        var client = new ConnectorClient(new HttpClient(), new AnonymousConnectorTokenProvider(), TimeProvider.System);
        _connector.AcceptToken = null;

        await client.SendToConversationAsync(_serviceUrl, Personal, Message("lokalt"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.SendToConversationAsync(new Uri("https://smba.trafficmanager.net/emea/"), Personal, Message("x")));

        Assert.Null(Assert.Single(_connector.Tokens));
        Assert.Contains("Bot:AppId", e.Message);
    }
}
