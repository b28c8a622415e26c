using CommPlan.Host.Api;
using CommPlan.Host.Cli;
using CommPlan.Host.Extensions;

if (args is [ProvisionCommand.Verb, ..])
{
    Environment.ExitCode = await ProvisionCommand.RunAsync(args[1..], Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(args);
var mode = HostingMode.From(builder.Configuration);
builder.Services.AddSingleton(mode);

builder.AddObservability();
builder.AddApplicationServices();
builder.AddStorage();
builder.AddBotOutbox();
builder.AddIdentity(mode);
builder.AddWebDoors();
builder.AddBot();

var app = builder.Build();
try
{
    await app.PrepareStorageAsync();
}
catch (CommPlan.Application.DependencyUnavailableException e)
{
    // What to do, not a stack trace: the message names the file or service and the remedy.
    await Console.Error.WriteLineAsync($"The app cannot start: {e.Message}");
    Environment.ExitCode = 1;
    return;
}

app.UseWebDoors();
app.MapHealth();
app.MapPlansApi();
app.MapBot();
app.MapRazorPages();

await app.RunAsync();

/// <summary>The host's entry point; public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
