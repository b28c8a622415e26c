using System.Globalization;
using CommPlan.Application.Access;
using CommPlan.Application.PressReleases;
using CommPlan.Domain.Common;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Features.ApiDescription;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>The year's media statistics (seed 000 §2.4): the press releases marked sent, per unit, month and channel.</summary>
public static class MediaStatisticsApi
{
    public static RouteHandlerBuilder MapMediaStatisticsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/plans/{planId:guid}/media-statistics", async (Guid planId, HttpRequest request, MediaStatisticsService service,
            IStringLocalizer<TextTab> text, Actor actor, CancellationToken ct) =>
        {
            var (_, statistics) = await service.ForYearAsync(actor, planId, ReadYear(request), text["Media_NoUnit"], ct);
            return TypedResults.Ok(MediaStatisticsJson.From(statistics));
        }).RequireAuthorization().WithTags("Press releases").WithName("GetMediaStatistics")
            .ReadsQuery(new QueryParameter("year", "The year of the sending dates counted (yyyy); the plan's year when left out.", "int32"));

    private static int? ReadYear(HttpRequest request)
    {
        var text = request.Query["year"].ToString();
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return year;
        throw new DomainValidationException([new FieldError("year", ErrorCodes.Unparseable)]);
    }
}

public sealed record UnitMediaCountJson(string? Unit, string Name, int Total, IReadOnlyList<int> ByMonth);

public sealed record ChannelMediaCountJson(string Channel, string Name, int Count);

/// <summary>The sent releases of <see cref="Year"/>: in all, per month (January first), per unit and per channel used.</summary>
public sealed record MediaStatisticsJson(int Year, int Total, IReadOnlyList<int> ByMonth, IReadOnlyList<UnitMediaCountJson> Units, IReadOnlyList<ChannelMediaCountJson> Channels)
{
    public static MediaStatisticsJson From(MediaStatistics s) => new(s.Year, s.Total, s.ByMonth,
        s.Units.Select(u => new UnitMediaCountJson(u.UnitKey, u.Name, u.Total, u.ByMonth)).ToArray(),
        s.Channels.Select(c => new ChannelMediaCountJson(c.Channel, c.Name, c.Count)).ToArray());
}
