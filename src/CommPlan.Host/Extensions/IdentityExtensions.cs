using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace CommPlan.Host.Extensions;

public static class IdentityExtensions
{
    /// <summary>Entra ID bearer tokens (the tab's SSO token) with Microsoft 365; the dev identity without.</summary>
    public static WebApplicationBuilder AddIdentity(this WebApplicationBuilder builder, HostingMode mode)
    {
        if (mode.UsesMicrosoft365)
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection(HostingMode.EntraSection));
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
