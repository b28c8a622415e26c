using System.Globalization;
using System.Text;
using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Plans;

/// <summary>One row of a list in the plan form: an entry's key (empty for a new one), its name, and whether to drop it.</summary>
public sealed class EntryInput
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? Challenge { get; set; }
    public bool Remove { get; set; }

    /// <summary>A row nobody typed in: one of the spare rows the form offers for new entries.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Key) && string.IsNullOrWhiteSpace(Name);
}

/// <summary>The plan form as posted: plain fields, so that whatever is typed comes back to the person unchanged.</summary>
public sealed class PlanFormInput
{
    public string? Year { get; set; }
    public string? Organisation { get; set; }
    public string? Department { get; set; }
    public string? Title { get; set; }
    public List<EntryInput> Goals { get; set; } = [];
    public List<EntryInput> TargetGroups { get; set; } = [];
    public List<EntryInput> Channels { get; set; } = [];
    public List<EntryInput> Units { get; set; } = [];

    /// <summary>The plan's version as it was read (its ETag): the edit is refused if the plan changed since.</summary>
    public string? Version { get; set; }

    public static PlanFormInput From(Versioned<Plan> plan) => new()
    {
        Year = plan.Value.Year.ToString(CultureInfo.InvariantCulture),
        Organisation = plan.Value.Organisation,
        Department = plan.Value.Department,
        Title = plan.Value.Title,
        Goals = plan.Value.Goals.Select(x => new EntryInput { Key = x.Key, Name = x.Name }).ToList(),
        TargetGroups = plan.Value.TargetGroups.Select(x => new EntryInput { Key = x.Key, Name = x.Name }).ToList(),
        Channels = plan.Value.Channels.Select(x => new EntryInput { Key = x.Key, Name = x.Name }).ToList(),
        Units = plan.Value.Units.Select(x => new EntryInput { Key = x.Key, Name = x.Name, Challenge = x.Challenge }).ToList(),
        Version = plan.ETag,
    };
}

/// <summary>
/// What the new-plan and edit-plan pages share: the form, its lists with spare rows, and the application's field
/// errors put next to the fields they are about. The application service decides who may do what.
/// </summary>
public abstract class PlanFormPage(PlanService plans, IStringLocalizer<Text> text) : PageModel
{
    /// <summary>Spare rows under each list, so that entries can be added without script.</summary>
    public const int SpareRows = 3;

    /// <summary>The lists of the form: the name the application gives the field, and the text keys of its labels.</summary>
    public static readonly IReadOnlyList<(string Field, string Legend, string Row)> Lists =
    [
        ("goals", "PlanForm_Goals", "PlanForm_Goal"),
        ("targetGroups", "PlanForm_TargetGroups", "PlanForm_TargetGroup"),
        ("channels", "PlanForm_Channels", "PlanForm_Channel"),
        ("units", "PlanForm_Units", "PlanForm_Unit"),
    ];

    protected PlanService Plans { get; } = plans;

    [BindProperty]
    public PlanFormInput Input { get; set; } = new();

    public bool SignedIn { get; private set; }

    /// <summary>Why the application refused the person, in their language; the form is not shown then.</summary>
    public string? Refusal { get; private set; }

    /// <summary>A word about the whole form (the plan changed meanwhile).</summary>
    public string? Notice { get; private set; }

    /// <summary>Field errors by form field: "year", "title", "goals" or one row, "goals[2]".</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public abstract bool IsNew { get; }

    public List<EntryInput> Rows(string field) => field switch
    {
        "goals" => Input.Goals,
        "targetGroups" => Input.TargetGroups,
        "channels" => Input.Channels,
        "units" => Input.Units,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The property name the form posts a list under.</summary>
    public static string InputName(string field) => char.ToUpperInvariant(field[0]) + field[1..];

    public IReadOnlyList<string> ErrorsOf(string formField) => Errors.TryGetValue(formField, out var list) ? list : [];

    /// <summary>The label of a form field, so that the error summary says which field each error is about.</summary>
    public string LabelOf(string formField)
    {
        var open = formField.IndexOf('[', StringComparison.Ordinal);
        var list = open > 0 ? formField[..open] : formField;
        foreach (var (field, legend, row) in Lists)
        {
            if (field != list) continue;
            return open > 0 && int.TryParse(formField[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? text[row, i + 1]
                : text[legend];
        }
        return formField switch
        {
            "year" => text["PlanForm_Year"],
            "organisation" => text["PlanForm_Organisation"],
            "department" => text["PlanForm_Department"],
            "title" => text["PlanForm_PlanTitle"],
            _ => formField,
        };
    }

    /// <summary>The element id of a form field, as the error summary links to it.</summary>
    public static string IdOf(string formField) => formField.Replace('[', '-').Replace("]", "", StringComparison.Ordinal);

    protected Actor? SignIn()
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        return SignedIn ? ActorClaims.FromUser(User) : null;
    }

    protected void Refuse(AccessDecision decision) => Refuse(decision.Reason ?? RefusalReason.CommunicatorsOnly);

    protected void Refuse(RefusalReason reason)
    {
        Refusal = text["Denied_" + reason];
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    protected void SayChanged() => Notice = text["PlanForm_Stale"];

    /// <summary>Drops the spare rows nobody typed in, so that a row's number is the same in the errors and on the page.</summary>
    protected void Compact()
    {
        foreach (var (field, _, _) in Lists)
            Rows(field).RemoveAll(r => r.IsBlank);
    }

    /// <summary>
    /// The vocabulary the form says, with a key derived from the name for each new entry (existing entries keep
    /// theirs, so that renaming one keeps its activities), and how each list's entries map back to form rows.
    /// </summary>
    protected (PlanVocabulary Vocabulary, Dictionary<string, int[]> RowOf) Vocabulary()
    {
        var rowOf = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var keys = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, _, _) in Lists)
        {
            var rows = Rows(field);
            var kept = Enumerable.Range(0, rows.Count).Where(i => !rows[i].Remove).ToArray();
            var taken = kept.Select(i => rows[i].Key?.Trim() ?? "").Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
            keys[field] = kept.Select(i => rows[i].Key?.Trim() is { Length: > 0 } key ? key : NewKey(rows[i].Name, taken)).ToArray();
            rowOf[field] = kept;
        }
        EntryInput Row(string field, int i) => Rows(field)[rowOf[field][i]];
        var vocabulary = new PlanVocabulary(Input.Organisation ?? "", Input.Department ?? "", Input.Title ?? "",
            keys["goals"].Select((k, i) => new Goal(k, Row("goals", i).Name ?? "")).ToArray(),
            keys["targetGroups"].Select((k, i) => new TargetGroup(k, Row("targetGroups", i).Name ?? "")).ToArray(),
            keys["channels"].Select((k, i) => new Channel(k, Row("channels", i).Name ?? "")).ToArray(),
            keys["units"].Select((k, i) => new Unit(k, Row("units", i).Name ?? "", string.IsNullOrWhiteSpace(Row("units", i).Challenge) ? null : Row("units", i).Challenge)).ToArray());
        return (vocabulary, rowOf);
    }

    /// <summary>
    /// Puts each of the application's field errors next to its field: "goals[1].name" and "goals[1].key" on the
    /// row the second kept entry came from, "goals[webb]" (an entry still in use) on the row with that key.
    /// </summary>
    protected void Show(IEnumerable<FieldError> errors, Dictionary<string, int[]> rowOf)
    {
        foreach (var error in errors)
        {
            var field = error.Field;
            var open = field.IndexOf('[', StringComparison.Ordinal);
            if (open > 0 && rowOf.TryGetValue(field[..open], out var rows))
            {
                var list = field[..open];
                var inside = field[(open + 1)..field.IndexOf(']', open)];
                var row = int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < rows.Length
                    ? rows[i]
                    : Rows(list).FindIndex(r => r.Key == inside);
                field = row >= 0 ? $"{list}[{row}]" : list;
            }
            Add(field, Message(error));
        }
    }

    protected void Add(string formField, string message)
    {
        if (!Errors.TryGetValue(formField, out var list)) Errors[formField] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    protected string Message(FieldError e)
    {
        var localized = text["Error_" + e.Code, e.Limit ?? ""];
        return localized.ResourceNotFound ? e.Code : localized.Value;
    }

    protected string Text(string key) => text[key];

    /// <summary>
    /// A key from a name as a URL would write it ("Sociala medier" → "sociala-medier"), unique in its list. Letters
    /// lose their accents (å, ä, ö → a, a, o; æ, ø → ae, o), so keys stay readable in exports and links.
    /// </summary>
    public static string NewKey(string? name, ISet<string> taken)
    {
        var key = new StringBuilder();
        foreach (var c in (name ?? "").Trim().ToLowerInvariant().Replace("æ", "ae", StringComparison.Ordinal)
                     .Replace("ø", "o", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) key.Append(c);
            else if (key.Length > 0 && key[^1] != '-') key.Append('-');
        }
        var stem = key.ToString().Trim('-');
        if (stem.Length > Keys.MaxLength - 4) stem = stem[..(Keys.MaxLength - 4)].TrimEnd('-');
        var unique = stem;
        for (var n = 2; unique.Length > 0 && taken.Contains(unique); n++) unique = $"{stem}-{n}";
        if (unique.Length > 0) taken.Add(unique);
        return unique;
    }
}
