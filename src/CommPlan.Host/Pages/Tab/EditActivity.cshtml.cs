using System.Globalization;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Activities;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using CommPlan.Host.Features.People;
using CommPlan.Host.Features.Tab;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Tab;

/// <summary>The activity form as posted: plain strings, so that whatever was typed comes back unchanged with its error.</summary>
public sealed class ActivityFormInput
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Unit { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Deadline { get; set; }
    public List<string> Channels { get; set; } = [];
    public List<string> TargetGroups { get; set; } = [];
    public List<string> Goals { get; set; } = [];

    /// <summary>The person picked: their object id, "email:{address}" for one known by e-mail only, or empty for no one.</summary>
    public string? Owner { get; set; }
    public string? FollowUpMetric { get; set; }
    public string? Status { get; set; }
    public string? CompletedOn { get; set; }

    /// <summary>The activity's version as it was read (its ETag): the change is refused if someone changed it since.</summary>
    public string? Version { get; set; }

    public static ActivityFormInput Of(Versioned<Activity> item)
    {
        var a = item.Value;
        return new()
        {
            Title = a.Title, Description = a.Description, Unit = a.UnitKey, From = Iso(a.Period.From), To = Iso(a.Period.To),
            Deadline = Iso(a.Deadline), Channels = a.Channels.ToList(), TargetGroups = a.TargetGroups.ToList(), Goals = a.Goals.ToList(),
            Owner = Person.ValueOf(a.Owner), FollowUpMetric = a.FollowUpMetric, Status = a.Status.ToString(),
            CompletedOn = a.CompletedOn is { } c ? Iso(c) : null, Version = item.ETag,
        };
    }

    private static string Iso(DateOnly d) => TabPage.InputDate(d);
}

/// <summary>Someone who can be picked as responsible, as the picker offers them.</summary>
public sealed record Person(Owner Owner)
{
    public string Value => ValueOf(Owner) ?? "";

    public static string? ValueOf(Owner? owner) => owner switch
    {
        null => null,
        { ObjectId: { } id } => id.ToString(),
        { Email: { } email } => "email:" + email,
        _ => null,
    };
}

/// <summary>
/// /plans/{planId}/activities/{activityId}/edit: communicators change everything, the activity's owner reports its
/// status. Every bad field is reported at once, next to the field, with the accepted values where there is a choice;
/// a copy changed meanwhile by someone else is never overwritten.
/// </summary>
public sealed class EditActivityModel(PlanService plans, ActivityService activities, AccessGate gate, OrganisationClock clock,
    PlanRolesService roles, IPeopleDirectory directory, IStringLocalizer<TextTab> text, IStringLocalizer<Text> common)
    : TabPage(plans, activities, gate, clock)
{
    /// <summary>The person found in the directory for the owner picked (a search result, or one known by e-mail only).</summary>
    private Owner? _fromDirectory;

    [FromRoute(Name = "activityId")]
    public Guid ActivityId { get; set; }

    [BindProperty]
    public ActivityFormInput Input { get; set; } = new();

    public Versioned<Activity>? Item { get; private set; }

    /// <summary>Communicators edit every field; an owner only the status and completion date.</summary>
    public bool MayEditAll { get; private set; }

    public string? Refusal { get; private set; }

    /// <summary>A word about the whole form: the activity was changed by someone else meanwhile.</summary>
    public string? Notice { get; private set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The people the owner can be picked from: the plan's owners and people with roles, and the reader.</summary>
    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>Whether the form may search the organisation's people (Microsoft 365 configured); the list stays for those without script.</summary>
    public bool SearchesDirectory => MayEditAll && directory.IsAvailable;

    public override string View => "list";
    public override string Heading => text["Edit_Title", Item?.Value.Title ?? ""];

    public IReadOnlyList<string> ErrorsOf(string field) => Errors.TryGetValue(field, out var list) ? list : [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return;
        Input = ActivityFormInput.Of(Item!);
    }

    /// <summary>
    /// ?handler=people&amp;search=…: the organisation's people for the owner picker's script, as JSON (id, name, mail). A
    /// page handler rather than the API, because the page is signed in by its cookie and the API takes tokens only.
    /// </summary>
    public async Task<IActionResult> OnGetPeopleAsync(string? search, CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return new JsonResult(new { error = Refusal }) { StatusCode = Response.StatusCode };
        if (!SearchesDirectory) return NotFound();
        var term = search?.Trim() ?? "";
        if (term.Length < PeopleApi.MinSearchLength) return new JsonResult(Array.Empty<PersonView>());
        try
        {
            return new JsonResult((await directory.SearchAsync(term, PeopleApi.MaxResults, ct)).Select(PersonView.From).ToArray());
        }
        catch (Exception caught) when (Unavailable(caught) is { } e)
        {
            // Throttled or refused: the script says so and the list of the plan's people stays usable.
            Response.Headers.RetryAfter = e.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return new JsonResult(new { error = text["Edit_OwnerSearchBusy"].Value, retryAfter = e.RetryAfterSeconds }) { StatusCode = StatusCodes.Status503ServiceUnavailable };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return Page();
        var plan = Plan!;
        if (MayEditAll) _fromDirectory = await FromDirectoryAsync(Item!.Value, ct);
        var current = Item!.Value;
        var details = Read(plan, current);
        try
        {
            // The version first, so that a stale copy hears "changed by someone else" rather than a rule error.
            if (string.IsNullOrEmpty(Input.Version) || Input.Version != Item.ETag)
                throw new ConcurrencyConflictException("Activity " + ActivityId, Item.ETag);
            // Parse errors and the model's rules together: the model is tried on a copy, never stored, so that every
            // bad field is reported in one answer.
            var copy = Activity.FromSnapshot(current.ToSnapshot());
            try { copy.Revise(plan, details, Today); }
            catch (DomainValidationException e) { foreach (var error in e.Errors) Add(FormField(error.Field), Message(error, plan)); }
            if (Errors.Count > 0)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            await ActivityService.ReviseAsync(Actor!, plan.Id, ActivityId, _ => details, Input.Version, ct);
            return Redirect(ActivityLink(ActivityId));
        }
        catch (Exception e) when (e is ConcurrencyConflictException or PreconditionRequiredException)
        {
            // What the form shows now is the activity as it is: the person's change is gone, nobody else's overwritten.
            ModelState.Clear();
            Item = await ActivityService.GetAsync(Actor!, plan.Id, ActivityId, ct);
            Input = ActivityFormInput.Of(Item);
            Notice = text["Edit_Stale"];
            Response.StatusCode = StatusCodes.Status412PreconditionFailed;
        }
        catch (AccessDeniedException e)
        {
            Refuse(e.Reason);
        }
        return Page();
    }

    private async Task<bool> PrepareAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ActivityFilter.None, ct)) return false;
        Item = await ActivityService.GetAsync(Actor!, Plan!.Id, ActivityId, ct);
        var decision = Access!.Decide(Operation.RecordProgress, Item.Value.Owner);
        if (!decision.Allowed) { Refuse(decision.Reason ?? RefusalReason.CommunicatorsOnly); return false; }
        MayEditAll = Access.Allows(Operation.EditActivity, Item.Value.Owner);
        if (MayEditAll) People = await PeopleAsync(ct);
        return true;
    }

    private void Refuse(RefusalReason reason)
    {
        Refusal = common["Denied_" + reason];
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    private async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken ct)
    {
        var known = Activities.Select(a => a.Value.Owner).OfType<Owner>().ToList();
        var planRoles = await roles.ListAsync(Actor!, Plan!.Id, ct);
        known.AddRange(planRoles.Value.Assignments.Where(r => r.Kind == PrincipalKind.User).Select(r => new Owner(r.PrincipalId, r.DisplayName)));
        known.Add(new Owner(Actor!.ObjectId, Actor.DisplayName, Actor.Email));
        // One entry per person: the one that knows most about them (an e-mail address) first.
        return known.Where(o => Person.ValueOf(o) is not null)
            .OrderBy(o => o.Email is null)
            .DistinctBy(o => o.ObjectId?.ToString() ?? o.Email!.ToLowerInvariant())
            .OrderBy(o => o.DisplayName, StringComparer.CurrentCulture)
            .Select(o => new Person(o)).ToArray();
    }

    /// <summary>The details the form says; an owner's form carries only the status, the rest is kept as it is.</summary>
    private ActivityDetails Read(Plan plan, Activity current)
    {
        var status = Enum.TryParse<ActivityStatus>(Input.Status, ignoreCase: false, out var st) && Enum.IsDefined(st) ? st : (ActivityStatus?)null;
        if (status is null) Add("status", text["Edit_ChooseOne", string.Join(", ", Enum.GetValues<ActivityStatus>().Select(x => common["Status_" + x].Value))]);
        var completedOn = OptionalDate("completedOn", Input.CompletedOn);
        if (!MayEditAll)
            return Details(current) with { Status = status ?? current.Status, CompletedOn = completedOn };

        var from = RequiredDate("period.from", Input.From) ?? current.Period.From;
        var to = RequiredDate("period.to", Input.To) ?? current.Period.To;
        var deadline = OptionalDate("deadline", Input.Deadline);
        return new ActivityDetails
        {
            Title = Input.Title ?? "",
            Description = Input.Description,
            UnitKey = Input.Unit ?? "",
            Period = new Period(from, to),
            // A deadline left as it was on a moved period follows the period, as it did when nobody wrote one.
            Deadline = deadline,
            Recurrence = current.Recurrence,
            Channels = Input.Channels,
            TargetGroups = Input.TargetGroups,
            Goals = Input.Goals,
            Owner = PickedOwner(current),
            FollowUpMetric = Input.FollowUpMetric,
            Status = status ?? current.Status,
            CompletedOn = completedOn,
        };
    }

    private static ActivityDetails Details(Activity a) => new()
    {
        Title = a.Title, Description = a.Description, UnitKey = a.UnitKey, Period = a.Period, Deadline = a.Deadline, Recurrence = a.Recurrence,
        Channels = a.Channels, TargetGroups = a.TargetGroups, Goals = a.Goals, Owner = a.Owner, FollowUpMetric = a.FollowUpMetric,
    };

    private Owner? PickedOwner(Activity current)
    {
        if (string.IsNullOrWhiteSpace(Input.Owner)) return null;
        if (_fromDirectory is not null) return _fromDirectory;
        if (Person.ValueOf(current.Owner) == Input.Owner) return current.Owner;
        if (People.FirstOrDefault(p => p.Value == Input.Owner) is { } person) return person.Owner;
        Add("owner", text["Edit_PickPerson"]);
        return current.Owner;
    }

    /// <summary>
    /// The owner as the directory knows them, when there is one: someone picked from a search (an object id the plan's
    /// people do not have), or someone known by e-mail only, who is linked to their object id once the directory finds
    /// them. Null when the directory is not asked or has no one: the plan's people decide.
    /// </summary>
    private async Task<Owner?> FromDirectoryAsync(Activity current, CancellationToken ct)
    {
        if (!directory.IsAvailable || string.IsNullOrWhiteSpace(Input.Owner)) return null;
        var known = Person.ValueOf(current.Owner) == Input.Owner ? current.Owner : People.FirstOrDefault(p => p.Value == Input.Owner)?.Owner;
        try
        {
            if (known is null && Guid.TryParse(Input.Owner, out var id))
                return await directory.FindAsync(id, ct) is { } found ? ToOwner(found) : null;
            var mail = known is { ObjectId: null, Email: { } e } ? e
                : known is null && Input.Owner.StartsWith("email:", StringComparison.Ordinal) ? Input.Owner["email:".Length..] : null;
            return mail is not null && await directory.FindByMailAsync(mail, ct) is { } byMail ? ToOwner(byMail) : null;
        }
        catch (Exception e) when (Unavailable(e) is not null)
        {
            // The directory cannot answer now: an owner known by e-mail stays so (linked on a later save), a search
            // result cannot be confirmed and is refused as not picked.
            return null;
        }
    }

    /// <summary>The directory being unavailable, also when the Graph client hands it on inside its own exception.</summary>
    private static DependencyUnavailableException? Unavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is DependencyUnavailableException found) return found;
        return null;
    }

    private static Owner ToOwner(DirectoryPerson p) =>
        new(p.ObjectId, p.DisplayName.Length > Activity.MaxOwnerNameLength ? p.DisplayName[..Activity.MaxOwnerNameLength] : p.DisplayName, p.Mail);

    private DateOnly? RequiredDate(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, common["Error_required"]); return null; }
        return OptionalDate(field, value);
    }

    /// <summary>A date as the reader writes one (<see cref="TabPage.InputFormat"/>) or in ISO 8601.</summary>
    private DateOnly? OptionalDate(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (ParseInputDate(value) is { } date) return date;
        var example = new DateOnly(Plan!.Year, 3, 5);
        Add(field, text["Edit_BadDate", Date(example), InputDate(example)]);
        return null;
    }

    /// <summary>The form field a model error is about: a list's entries on the list, the owner's parts on the picker.</summary>
    private static string FormField(string field)
    {
        if (field is "period.from" or "period.to") return field;
        var cut = field.IndexOfAny(['[', '.']);
        return cut > 0 ? field[..cut] : field;
    }

    /// <summary>The model's message in the reader's language, with dates as they write them and the accepted values where there is a choice.</summary>
    private string Message(FieldError e, Plan plan)
    {
        var limit = e.Limit switch
        {
            DateOnly d => Date(d),
            ActivityStatus s => common["Status_" + s].Value,
            null => "",
            var other => Convert.ToString(other, Culture) ?? "",
        };
        var localized = common["Error_" + e.Code, limit];
        var message = localized.ResourceNotFound ? e.Code : localized.Value;
        if (e.Code != ErrorCodes.UnknownReference) return message;
        var accepted = FormField(e.Field) switch
        {
            "unit" => plan.Units.Select(x => x.Name),
            "channels" => plan.Channels.Select(x => x.Name),
            "targetGroups" => plan.TargetGroups.Select(x => x.Name),
            "goals" => plan.Goals.Select(x => x.Name),
            _ => [],
        };
        var list = string.Join(", ", accepted);
        return list.Length == 0 ? message : message + " " + text["Edit_ChooseOne", list];
    }

    private void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    /// <summary>The label of a form field, for the error summary.</summary>
    public string LabelOf(string field) => field switch
    {
        "title" => text["Edit_FieldTitle"],
        "description" => text["Activity_Description"],
        "unit" => text["Col_Unit"],
        "period.from" => text["Edit_From"],
        "period.to" => text["Edit_To"],
        "deadline" => text["Col_Deadline"],
        "channels" => text["Col_Channels"],
        "targetGroups" => text["Activity_TargetGroups"],
        "goals" => text["Nav_Goals"],
        "owner" => text["Col_Owner"],
        "followUpMetric" => text["Activity_Metric"],
        "status" => text["Col_Status"],
        "completedOn" => text["Activity_CompletedOn"],
        "recurrence" => text["Activity_Occurrences"],
        _ => field,
    };

    public static string IdOf(string field) => "e-" + field.Replace('.', '-');
}
