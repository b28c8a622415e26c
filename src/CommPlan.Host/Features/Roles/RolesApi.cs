using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Host.Api;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using CommPlan.Host.Features.ApiDescription;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommPlan.Host.Features.Roles;

/// <summary>
/// A plan's communicators and managers, by Entra user or group: listed, given and taken back by its communicators.
/// Every change quotes the list's version (If-Match), so two communicators cannot overwrite each other.
/// </summary>
public static class RolesApi
{
    public static RouteGroupBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var roles = app.MapGroup("/api/plans/{planId:guid}/roles").RequireAuthorization().WithTags("Roles");

        roles.MapGet("/", async (Guid planId, HttpResponse response, PlanRolesService service, Actor actor, CancellationToken ct) =>
            Respond(response, await service.ListAsync(actor, planId, ct)))
            .WithName("ListRoles").AnswersETag();

        roles.MapPost("/", async (Guid planId, HttpRequest request, PlanRolesService service, Actor actor, CancellationToken ct) =>
        {
            var ifMatch = request.IfMatch();
            var input = await JsonBody.ReadAsync<RoleInput>(request, ct);
            var errors = new ErrorCollector();
            if (input.PrincipalId is null) errors.Add("principalId", ErrorCodes.Required);
            if (input.Kind is null) errors.Add("kind", ErrorCodes.Required);
            if (input.Role is null) errors.Add("role", ErrorCodes.Required);
            errors.ThrowIfAny();
            var assignment = new RoleAssignment(input.PrincipalId!.Value, input.Kind!.Value, input.Role!.Value, input.DisplayName ?? "");
            return Respond(request.HttpContext.Response, await service.AddAsync(actor, planId, assignment, ifMatch, ct));
        }).WithName("GiveRole").AcceptsJson<RoleInput>().RequiresIfMatch();

        roles.MapDelete("/{principalId:guid}/{role}", async (Guid planId, Guid principalId, string role, HttpRequest request, PlanRolesService service, Actor actor, CancellationToken ct) =>
        {
            if (!Enum.TryParse<PlanRole>(role, ignoreCase: true, out var planRole) || !Enum.IsDefined(planRole))
                throw new DomainValidationException([new FieldError("role", ErrorCodes.Unparseable)]);
            return Respond(request.HttpContext.Response, await service.RemoveAsync(actor, planId, principalId, planRole, request.IfMatch(), ct));
        }).WithName("TakeBackRole").RequiresIfMatch().ProducesValidationProblem();

        return roles;
    }

    private static Ok<RoleListView> Respond(HttpResponse response, Versioned<PlanRoles> roles)
    {
        response.Headers.ETag = roles.ETag;
        return TypedResults.Ok(new RoleListView(roles.ETag, roles.Value.Assignments
            .Select(a => new RoleView(a.PrincipalId, a.Kind, a.Role, a.DisplayName)).ToArray()));
    }

}

public sealed record RoleInput(Guid? PrincipalId, PrincipalKind? Kind, PlanRole? Role, string? DisplayName);

public sealed record RoleView(Guid PrincipalId, PrincipalKind Kind, PlanRole Role, string DisplayName);

public sealed record RoleListView(string ETag, IReadOnlyList<RoleView> Items);
