using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Storage;
using CommPlan.Domain.Common;
using CommPlan.Host.Api;
using CommPlan.Host.Bot;
using CommPlan.Host.Extensions;
using CommPlan.Host.Features.ApiDescription;
using CommPlan.Host.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.CalendarFeeds;

/// <summary>
/// Calendar feeds: made, listed and revoked by the signed-in person through the API; read by their calendar
/// (Outlook, which cannot sign in) at an address whose secret is the only key. An unknown or revoked secret is 404.
/// </summary>
public static class CalendarFeedsApi
{
    public const string FeedPath = "/calendar";

    public static IEndpointRouteBuilder MapCalendarFeedsApi(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/calendar-feeds").RequireAuthorization().WithTags("Calendar feeds");

        feeds.MapPost("/", async Task<Created<CalendarFeedView>> (HttpRequest request, CalendarFeedService service, Actor actor, IConfiguration configuration, CancellationToken ct) =>
        {
            // The answer holds the feed's secret address: never compressed (BREACH, see Compression).
            Compression.DoNotCompress(request.HttpContext);
            var input = await JsonBody.ReadAsync<CalendarFeedInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.Kind is null) errors.Add("kind", ErrorCodes.Required);
            errors.ThrowIfAny();
            var issued = await service.CreateAsync(actor, input.Kind!.Value, input.PlanId, ct);
            var url = new Uri(BaseUrl(request, configuration), $"{FeedPath}/{issued.Secret}.ics");
            return TypedResults.Created($"/api/calendar-feeds/{issued.Feed.Id}", CalendarFeedView.From(issued.Feed, url));
        })
        .WithName("CreateCalendarFeed")
        .AcceptsJson<CalendarFeedInput>()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        feeds.MapGet("/", async (CalendarFeedService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(actor, ct)).Select(f => CalendarFeedView.From(f, null)).ToArray()))
        .WithName("ListCalendarFeeds")
        .ProducesProblem(StatusCodes.Status403Forbidden);

        feeds.MapDelete("/{feedId:guid}", async (Guid feedId, CalendarFeedService service, Actor actor, CancellationToken ct) =>
        {
            await service.RevokeAsync(actor, feedId, ct);
            return TypedResults.NoContent();
        })
        .WithName("RevokeCalendarFeed")
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        // The calendar's door: no sign-in, the secret is the key. Never cached on the way: the address is a credential.
        app.MapGet(FeedPath + "/{file}", async Task<Results<ContentHttpResult, NotFound>> (string file, HttpResponse response, CalendarFeedService service,
            IStringLocalizer<Text> text, CancellationToken ct) =>
        {
            if (!file.EndsWith(".ics", StringComparison.Ordinal)) return TypedResults.NotFound();
            var content = await service.ReadAsync(file[..^4], ct);
            if (content is null) return TypedResults.NotFound();
            response.Headers.CacheControl = "private, no-store";
            return TypedResults.Content(FeedCalendar.Write(content, text), FeedCalendar.ContentType);
        })
        .AllowAnonymous()
        .WithMetadata(new SecretInPath())
        .WithName("ReadCalendarFeed")
        .WithTags("Calendar feeds")
        .Produces(StatusCodes.Status200OK, contentType: FeedCalendar.ContentType)
        .Produces(StatusCodes.Status404NotFound);

        return app;
    }

    private static Uri BaseUrl(HttpRequest request, IConfiguration configuration) =>
        AppLinks.Configured(configuration) ?? new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}/");
}

/// <summary>A new feed: one plan's activities ("plan", with <see cref="PlanId"/>) or the person's own in every plan ("mine").</summary>
public sealed record CalendarFeedInput(CalendarFeedKind? Kind, Guid? PlanId);

/// <summary>A feed as its person sees it; <see cref="Url"/> (with the secret) only in the answer that made it.</summary>
public sealed record CalendarFeedView(Guid Id, CalendarFeedKind Kind, Guid? PlanId, DateTimeOffset CreatedAt, Uri? Url)
{
    public static CalendarFeedView From(CalendarFeed feed, Uri? url) => new(feed.Id, feed.Kind, feed.PlanId, feed.CreatedAt, url);
}
