using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Authentication;
using CommPlan.Host.Features.SignIn;

namespace CommPlan.Host.Extensions;

public static class IdentityExtensions
{
    /// <summary>Entra ID with Microsoft 365 (bearer tokens at the API, a session cookie on pages); the dev identity without.</summary>
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder, HostingMode mode)
    {
        if (mode.UsesMicrosoft365)
        {
            builder.AddMicrosoft365SignIn();
        }
        else
        {
            var user = builder.Configuration.GetSection("DevIdentity").Get<DevIdentityOptions>() ?? new DevIdentityOptions();
            builder.Services.AddSingleton(user);
            builder.Services.AddAuthentication(DevIdentityHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, DevIdentityHandler>(DevIdentityHandler.SchemeName, null);
        }
        builder.Services.AddAuthorization();
        builder.Services.AddRequestActor();
        return builder;
    }
}
