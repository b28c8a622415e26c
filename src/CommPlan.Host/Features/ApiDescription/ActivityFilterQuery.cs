using System.Text.Json;
using CommPlan.Application.Activities;
using CommPlan.Host.Api;

namespace CommPlan.Host.Features.ApiDescription;

/// <summary>The activity list's filters (read by <see cref="QueryParsing"/>), as the document describes them.</summary>
public static class ActivityFilterQuery
{
    public static readonly QueryParameter[] Parameters =
    [
        new("unit", "Only the activities of this unit (its key)."),
        new("owner", "Only the activities this person owns (Entra object id).", "uuid"),
        new("status", "Only activities with this status; late: not done by their deadline.", Values: Enum.GetNames<StatusFilter>().Select(JsonNamingPolicy.CamelCase.ConvertName).ToArray()),
        new("month", "Only activities running in this month (1-12) of the plan's year.", "int32"),
        new("channel", "Only activities using this channel."),
        new("goal", "Only activities serving this goal."),
        new("targetGroup", "Only activities for this target group."),
    ];
}
