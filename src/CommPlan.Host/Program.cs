using System.Reflection;
using CommPlan.Host.Api;
using CommPlan.Host.Cli;
using CommPlan.Host.Extensions;
using CommPlan.Host.Features.ApiDescription;
using CommPlan.Host.Features.AppPackage;
using CommPlan.Host.Features.CalendarFeeds;
using CommPlan.Host.Features.Delivery;
using CommPlan.Host.Features.People;
using CommPlan.Host.Features.PlanExchange;
using CommPlan.Host.Features.PlanDocuments;
using CommPlan.Host.Features.Plans;
using CommPlan.Host.Features.Reminders;
using CommPlan.Host.Features.PressReleases;
using CommPlan.Host.Features.Roles;
using CommPlan.Host.Features.SignIn;
using CommPlan.Host.Settings;

if (args is [ProvisionCommand.Verb, ..])
{
    Environment.ExitCode = await ProvisionCommand.RunAsync(args[1..], Console.Out, Console.Error);
    return;
}
if (args is [PackageCommand.Verb, ..])
{
    Environment.ExitCode = await PackageCommand.RunAsync(args[1..], Console.Out, Console.Error);
    return;
}

WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    StartupSettings.Check(builder.Configuration);
    var mode = HostingMode.From(builder.Configuration);
    builder.Services.AddSingleton(mode);

    builder.AddHosting();
    builder.AddObservability();
    builder.AddApplicationServices();
    builder.AddStorage();
    builder.AddBotOutbox();
    builder.AddIdentity(mode);
    builder.AddWebDoors();
    builder.AddBot();
    builder.AddReminders();
    builder.AddPressReleases();
    builder.AddApiDescription();
    builder.AddPlanDocuments();

    app = builder.Build();
    await app.PrepareStorageAsync();

    app.UseHosting();
    app.UseWebDoors();
    app.MapHealth();
    app.MapPlansApi();
    app.MapPeopleApi();
    app.MapRolesApi();
    app.MapPlanAdminApi();
    app.MapPlanExportApi();
    app.MapCalendarFeedsApi();
    app.MapDeliveryApi();
    app.MapPlanDocumentsApi();
    app.MapRemindersApi();
    app.MapPressReleases();
    app.MapSignIn();
    app.MapBot();
    app.MapApiDescription();
    app.MapRazorPages();

    await app.StartAsync();
}
// Run as its own process, the app says what is wrong and exits; hosted by a test or a tool, the exception is theirs.
catch (Exception e) when (StartupFailure.Describe(e) is { } problem && Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    await Console.Error.WriteLineAsync(problem);
    Environment.ExitCode = StartupFailure.ExitCode;
    return;
}
await app.WaitForShutdownAsync();

/// <summary>The host's entry point; public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
