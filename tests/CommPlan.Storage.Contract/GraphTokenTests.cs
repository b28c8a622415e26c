using CommPlan.Storage.SharePoint;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CommPlan.Storage.Contract;

/// <summary>App-only tokens for Graph against the loopback token endpoint, and the authority setting.</summary>
public sealed class GraphTokenTests : IAsyncLifetime
{
    private GraphEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await GraphEnvironment.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private async Task<IAccessTokenProvider> TokensAsync(SharePointOptions options) =>
        (await _env.CreateAppAsync(options)).GetRequiredService<IAccessTokenProvider>();

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
