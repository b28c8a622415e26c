using CommPlan.Host.Features.SignIn;

namespace CommPlan.Host.Tests.SignIn;

public sealed class SignInReturnTests
{
    [Theory]
    [InlineData("/?culture=en", "/?culture=en")]
    [InlineData("/tab/config", "/tab/config")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/\r\nSet-Cookie: x=y", "/")]
    public void After_sign_in_the_user_only_returns_to_a_page_of_this_site(string? returnUrl, string expected) =>
        Assert.Equal(expected, SignInExtensions.LocalPath(returnUrl));
}
