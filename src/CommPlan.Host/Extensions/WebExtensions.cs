using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using CommPlan.Host.Api;
using CommPlan.Host.Features.SignIn;
using CommPlan.Host.Web;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommPlan.Host.Extensions;

public static class WebExtensions
{
    public static readonly CultureInfo[] Cultures = [new("sv"), new("nb"), new("en")];

    /// <summary>JSON, problem details, localization and pages: what the tab pages and the API share.</summary>
    public static WebApplicationBuilder AddWebDoors(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        // Before the JSON writer, which would also take a browser's */*: pages get their problems as a page.
        builder.Services.AddSingleton<IProblemDetailsWriter, HtmlProblemWriter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemMapper>();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        CachedTextFactory.AddTo(builder.Services);
        builder.Services.AddRazorPages();
        builder.Services.AddCompression();
        builder.WebHost.ConfigureKestrel(RejectedRequestProblems.AddTo);
        // Swedish and Norwegian text is written as is, not as &#xE5; entities.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var country = builder.Configuration["Organisation:Country"];
            o.SetDefaultCulture(string.Equals(country, "Norway", StringComparison.OrdinalIgnoreCase) ? "nb" : "sv");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Norwegian browsers often send "no" or "nn"; both read bokmål best of what we have.
            o.AddInitialRequestCultureProvider(new CustomRequestCultureProvider(http =>
            {
                var header = http.Request.Headers.AcceptLanguage.ToString();
                return Task.FromResult(header.StartsWith("no", StringComparison.OrdinalIgnoreCase) || header.StartsWith("nn", StringComparison.OrdinalIgnoreCase)
                    ? new ProviderCultureResult("nb") : null);
            }));
        });
        return builder;
    }

    public static WebApplication UseWebDoors(this WebApplication app)
    {
        // Outermost, so that every answer the client may take compressed is (pages, files, problems).
        app.UseResponseCompression();
        // Before anything that answers, so that every answer, problems included, carries them.
        app.UseSecurityHeaders();
        // Localization first, so that problems written by the exception handler are in the reader's language too.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseClientLibraries();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>GET /health: 200 when storage answers, 503 when it does not, with each check's verdict.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (http, report) =>
            {
                http.Response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(http.Response.Body, new
                {
                    status = report.Status.ToString(),
                    mode = app.Services.GetRequiredService<HostingMode>().IsEmbeddedDefault ? "embedded" : "microsoft365",
                    checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
                }, ApiJson.Options);
            },
            ResultStatusCodes = { [HealthStatus.Unhealthy] = 503, [HealthStatus.Degraded] = 200, [HealthStatus.Healthy] = 200 },
        });
        return app;
    }
}
