using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CommPlan.Host.Tests.Api;
using CommPlan.Host.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CommPlan.Host.Tests.SignIn;

/// <summary>
/// The pages' sign-in with Microsoft 365 settings, against the host process and the loopback Entra ID: inside Teams
/// the SSO token exchanged for a session, outside Teams Entra ID's OpenID Connect sign-in. Cookies are carried by
/// hand, as a browser would: the session cookie is Secure and the host listens on plain http on loopback.
/// </summary>
public sealed partial class PageSignInTests(EntraHost host) : IClassFixture<EntraHost>, IDisposable
{
    // Redirects are looked at, not followed; cookies go only where the test sends them.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };

    public void Dispose() => _http.Dispose();

    private const string UserId = "2b8e4c1d-7a3f-4e6b-9c5d-1f0a2e3b4c5d";

    private static Dictionary<string, object> User() => new()
    {
        ["oid"] = UserId,
        ["sub"] = "Yq3vJ0cX9nWm2bR5tL8pK1sD4fG7hZ6aE0uI3oP9yTr",
        ["name"] = "Erik Nilsson",
        ["preferred_username"] = "erik.nilsson@pitea.se",
    };

    private string SsoToken()
    {
        var claims = User();
        claims["aud"] = EntraHost.ClientId;
        claims["iss"] = host.Entra.Issuer(EntraHost.Tenant);
        claims["tid"] = EntraHost.Tenant;
        claims["azp"] = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
        claims["scp"] = "access_as_user";
        claims["ver"] = "2.0";
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            NotBefore = now.AddMinutes(-5),
            IssuedAt = now.AddMinutes(-5),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(host.Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The cookies a response sets, as name=value pairs.</summary>
    private static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : [];

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, IEnumerable<string> cookies, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        var list = cookies.ToArray();
        if (list.Length > 0) request.Headers.Add("Cookie", string.Join("; ", list));
        return await _http.SendAsync(request);
    }

    private async Task<string[]> SessionFromTeamsTokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/teams-sso");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SsoToken());
        var response = await _http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"Expected 204, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{host.Printed}");
        return CookiesOf(response).ToArray();
    }

    private async Task AssertSignedInAsTheUserAsync(IEnumerable<string> session)
    {
        var me = await SendAsync(HttpMethod.Get, "/auth/me", session);
        Assert.True(me.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)me.StatusCode}: {await me.Content.ReadAsStringAsync()}\n{host.Printed}");
        var user = await me.ReadJsonAsync();
        Assert.Equal(UserId, (string?)user["objectId"]);
        Assert.Equal(EntraHost.Tenant, (string?)user["tenantId"]);
        Assert.Equal("Erik Nilsson", (string?)user["name"]);
        Assert.Equal("erik.nilsson@pitea.se", (string?)user["email"]);

        var page = await (await SendAsync(HttpMethod.Get, "/?culture=en", session)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-sign-in", page);
        Assert.Contains("There is no plan yet.", page);
    }

    [Fact]
    public async Task A_page_without_a_session_offers_the_sign_in_step_with_teams_js_from_the_app()
    {
        var page = await (await _http.GetAsync("/?culture=en")).Content.ReadAsStringAsync();

        Assert.Contains("data-sign-in", page);
        Assert.Contains("src=\"/lib/teams-js/MicrosoftTeams.min.js\"", page);
        Assert.Contains("src=\"/js/sign-in.js\"", page);
        Assert.Contains("href=\"/auth/signin?returnUrl=%2F%3Fculture%3Den\"", page);
        var teamsJs = await _http.GetAsync("/lib/teams-js/MicrosoftTeams.min.js");
        Assert.Equal(HttpStatusCode.OK, teamsJs.StatusCode);
        Assert.Equal("text/javascript", teamsJs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("getAuthToken", await teamsJs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_teams_sso_token_gives_a_short_lived_httponly_cookie_that_signs_the_pages_in_as_its_user()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/teams-sso");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SsoToken());
        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CommPlan.Session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("secure", cookie);
        Assert.Contains("samesite=none", cookie);
        await AssertSignedInAsTheUserAsync(CookiesOf(response));
    }

    [Fact]
    public async Task The_page_session_is_not_accepted_at_the_api()
    {
        var session = await SessionFromTeamsTokenAsync();

        var response = await SendAsync(HttpMethod.Get, "/api/plans", session);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_session_exchange_without_a_token_is_refused()
    {
        var response = await _http.PostAsync("/auth/teams-sso", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(CookiesOf(response), c => c.StartsWith("CommPlan.Session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_teams_the_page_signs_in_through_entra_id_and_returns_signed_in_as_the_user()
    {
        host.Entra.SignInUser = User();
        var jar = new Dictionary<string, string>();
        void Keep(HttpResponseMessage r)
        {
            foreach (var c in CookiesOf(r)) jar[c[..c.IndexOf('=')]] = c;
        }

        // The sign-in link of the page: a challenge to the tenant's authorize endpoint, for an ID token posted back.
        var challenge = await SendAsync(HttpMethod.Get, "/auth/signin?returnUrl=%2F%3Fculture%3Den", []);
        Assert.True(challenge.StatusCode == HttpStatusCode.Redirect, $"Expected 302, got {(int)challenge.StatusCode}\n{host.Printed}");
        Keep(challenge);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{host.Entra.BaseUrl}/{EntraHost.Tenant}/oauth2/v2.0/authorize?", authorize.AbsoluteUri);

        // Entra ID signs the user in and answers with its self-posting form.
        using var browser = new HttpClient(host.Entra.CreatePinnedHandler());
        var form = await browser.GetAsync(authorize);
        var html = await form.Content.ReadAsStringAsync();
        Assert.True(form.IsSuccessStatusCode, html);
        Assert.Equal(EntraHost.ClientId, host.Entra.LastAuthorizeQuery!["client_id"]);
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = FormField().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal(new Uri(host.Http.BaseAddress!, "/signin-oidc"), new Uri(action));

        var back = await SendAsync(HttpMethod.Post, action, jar.Values, new FormUrlEncodedContent(fields));
        Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"Expected 302, got {(int)back.StatusCode}: {await back.Content.ReadAsStringAsync()}\n{host.Printed}");
        Assert.Equal("/?culture=en", back.Headers.Location!.OriginalString);
        Keep(back);

        await AssertSignedInAsTheUserAsync(jar.Where(c => c.Key.StartsWith("CommPlan.Session", StringComparison.Ordinal)).Select(c => c.Value));
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"")]
    private static partial Regex FormField();
}
