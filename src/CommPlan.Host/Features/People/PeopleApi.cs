using CommPlan.Application;
using CommPlan.Application.Access;
using Microsoft.AspNetCore.Mvc;

namespace CommPlan.Host.Features.People;

/// <summary>Someone the owner picker can offer: their object id, name and e-mail address.</summary>
public sealed record PersonView(Guid Id, string Name, string? Mail)
{
    public static PersonView From(DirectoryPerson p) => new(p.ObjectId, p.DisplayName, p.Mail);
}

/// <summary>
/// GET /api/people?search=…: the organisation's people whose name or e-mail address starts with what was typed,
/// for the activity form's owner picker. Only with Microsoft 365 configured (404 otherwise: the form then offers
/// the plan's people, as it does without script).
/// </summary>
public static class PeopleApi
{
    /// <summary>Fewer letters than this find too many people to be of use: nothing is asked.</summary>
    public const int MinSearchLength = 2;
    public const int MaxResults = 10;

    public static RouteGroupBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").RequireAuthorization().WithTags("People");
        people.MapGet("/", async ([FromQuery] string? search, IPeopleDirectory directory, AccessGate gate, Actor actor, CancellationToken ct) =>
        {
            gate.DemandTenant(actor);
            if (!directory.IsAvailable) throw new NotFoundException("People directory");
            var text = search?.Trim() ?? "";
            if (text.Length < MinSearchLength) return TypedResults.Ok(Array.Empty<PersonView>());
            var found = await directory.SearchAsync(text, MaxResults, ct);
            return TypedResults.Ok(found.Select(PersonView.From).ToArray());
        })
            .WithName("SearchPeople")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return people;
    }
}
