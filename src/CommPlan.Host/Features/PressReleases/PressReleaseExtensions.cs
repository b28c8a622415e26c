using CommPlan.Application.PressReleases;

namespace CommPlan.Host.Features.PressReleases;

public static class PressReleaseExtensions
{
    /// <summary>The press-release use cases, their documents (written in the background) and what follows a change.</summary>
    public static WebApplicationBuilder AddPressReleases(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PressReleaseOptions.Section).Get<PressReleaseOptions>() ?? new PressReleaseOptions();
        if (options.TemplatePath is { Length: > 0 } path)
            options.TemplatePath = Path.GetFullPath(path, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PressReleaseDocument>();
        builder.Services.AddSingleton<PressReleaseDocumentQueue>();
        builder.Services.AddHostedService<PressReleaseDocumentWorker>();
        builder.Services.AddScoped<IPressReleaseFollowUp, PressReleaseFollowUp>();
        builder.Services.AddScoped<PressReleaseService>();
        return builder;
    }

    public static WebApplication MapPressReleases(this WebApplication app)
    {
        app.MapPressReleasesApi();
        return app;
    }
}
