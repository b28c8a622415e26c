using CommPlan.Storage.SharePoint;
using CommPlan.Storage.SharePoint.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CommPlan.Storage.Contract;

/// <summary>App-only tokens for Graph with a client secret, against the loopback token endpoint, and the authority setting.</summary>
public sealed class GraphTokenTests : IAsyncLifetime
{
    private GraphEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GraphEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private async Task<IAccessTokenProvider> TokensAsync(SharePointOptions options) =>
        (await _env.CreateAppAsync(options)).GetRequiredService<IAccessTokenProvider>();

    [Fact]
    public async Task One_token_serves_many_calls_and_goes_to_the_Graph_host_only()
    {
        var tokens = await TokensAsync(_env.Options);

        var first = await tokens.GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl));
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => tokens.GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl))));
        var elsewhere = await tokens.GetAuthorizationTokenAsync(new Uri("https://attacker.example/v1.0/sites"));

        Assert.True(_env.Tokens.Issued(first));
        Assert.All(again, token => Assert.Equal(first, token));
        Assert.Equal("", elsewhere);
        Assert.Equal(1, _env.Tokens.TokenRequests);
    }

    [Fact]
    public async Task A_wrong_secret_fails_at_once_with_the_reason_and_the_settings_to_check()
    {
        var options = _env.Options;
        options.ClientSecret = "not-the-secret";
        var tokens = await TokensAsync(options);

        var e = await Assert.ThrowsAsync<GraphAuthenticationException>(() => tokens.GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl)));

        Assert.Contains("invalid_client", e.Message);
        Assert.Contains("AADSTS7000215", e.Message);
        Assert.Contains("SharePoint:ClientSecret", e.Message);
        Assert.Contains(options.Authority!, e.Message);
        // A refusal is an answer, not a failure to retry.
        Assert.Equal(1, _env.Tokens.TokenRequests);
    }

    [Fact]
    public async Task The_tenant_comes_from_the_authority_when_TenantId_is_not_set()
    {
        var options = _env.Options;
        options.TenantId = null;

        var token = await (await TokensAsync(options)).GetAuthorizationTokenAsync(new Uri(_env.Graph.GraphBaseUrl));

        Assert.True(_env.Tokens.Issued(token));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("http://login.example/contoso")]
    [InlineData("https://login.example/")]
    public void An_authority_that_is_not_an_https_url_with_a_tenant_stops_the_start(string authority)
    {
        var options = _env.Options;
        options.Authority = authority;

        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSharePointStorage(options));

        Assert.Contains("SharePoint:Authority", e.Message);
    }
}
