using CommPlan.Application.PressReleases;
using CommPlan.Host.Bot;

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
        builder.Services.AddScoped<PressReleaseFollowUp>();
        builder.Services.AddScoped<IPressReleaseFollowUp>(sp => sp.GetRequiredService<PressReleaseFollowUp>());
        builder.Services.AddScoped<PressReleaseDeciders>();
        builder.Services.AddSingleton<DirectoryGroupsRefresh>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DirectoryGroupsRefresh>());
        builder.Services.AddScoped<PressReleaseCards>();
        builder.Services.AddScoped<PressReleaseTurn>();
        builder.Services.AddCardAction<SubmitPressReleaseAction>();
        builder.Services.AddCardAction<ResubmitPressReleaseAction>();
        builder.Services.AddCardAction<ViewPressReleaseAction>();
        builder.Services.AddCardAction<DecidePressReleaseAction>();
        builder.Services.AddScoped<PressReleaseService>();
        builder.Services.AddScoped<MediaStatisticsService>();
        builder.Services.AddExceptionHandler<PressReleaseProblems>();
        return builder;
    }

    public static WebApplication MapPressReleases(this WebApplication app)
    {
        app.MapPressReleasesApi();
        app.MapMediaStatisticsApi();
        return app;
    }
}
