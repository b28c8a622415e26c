using CommPlan.Application.Activities;
using CommPlan.Domain.Common;
using Microsoft.Extensions.Primitives;

namespace CommPlan.Host.Features.Plans;

/// <summary>Reads the activity list's filters from the query string; a bad value is a named 400, not an empty list.</summary>
public static class QueryParsing
{
    public static readonly string[] Known = ["unit", "owner", "status", "month", "channel", "goal", "targetGroup"];

    public static ActivityFilter ReadFilter(IQueryCollection query)
    {
        var errors = new ErrorCollector();
        foreach (var key in query.Keys.Where(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase)))
            errors.Add(key, "unknown_field");

        Guid? owner = null;
        if (Get(query, "owner") is { } o)
        {
            if (Guid.TryParse(o, out var id)) owner = id;
            else errors.Add("owner", ErrorCodes.Unparseable);
        }
        StatusFilter? status = null;
        if (Get(query, "status") is { } s)
        {
            if (Enum.TryParse<StatusFilter>(s.Replace("_", "").Replace("-", ""), ignoreCase: true, out var st) && Enum.IsDefined(st) && !int.TryParse(s, out _))
                status = st;
            else errors.Add("status", ErrorCodes.Unparseable);
        }
        int? month = null;
        if (Get(query, "month") is { } m)
        {
            if (int.TryParse(m, out var mm) && mm is >= 1 and <= 12) month = mm;
            else errors.Add("month", ErrorCodes.OutOfRange, "1-12");
        }
        errors.ThrowIfAny();
        return new ActivityFilter
        {
            Unit = Get(query, "unit"),
            Owner = owner,
            Status = status,
            Month = month,
            Channel = Get(query, "channel"),
            Goal = Get(query, "goal"),
            TargetGroup = Get(query, "targetGroup"),
        };
    }

    private static string? Get(IQueryCollection query, string key) =>
        query.TryGetValue(key, out StringValues v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
}
