using System.Text.RegularExpressions;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Calendar;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Plans;

/// <summary>
/// One row of an activity plan as the municipality's table writes it (DOMAIN.md), cell by cell as text.
/// <see cref="Row"/> is the row's number in the file, as the person sees it in their spreadsheet.
/// </summary>
public sealed record ImportRow(int Row, string? Tid, string? Verksamhet, string? Aktivitet, string? MojligaEnheter,
    string? MalMalgrupp, string? AnsvarKontaktperson, string? UppfoljningUtvardering);

/// <summary>What an import did, or in a dry run would do: rows read, activities added, rows already in the plan.</summary>
public sealed record ImportReport(int Rows, int Added, int AlreadyInPlan, bool DryRun);

/// <summary>
/// Turns the rows of a spreadsheet into activities of a plan. Every row is read and checked before anything is
/// written, and every bad cell is reported at once as <c>rows[7].Tid</c> (row 7 of the file, column Tid). A row is
/// the same activity as one already in the plan when its period, unit and title (ignoring case) are the same: such
/// rows are left alone, so importing the same file twice adds nothing the second time.
/// </summary>
public static partial class PlanImport
{
    public const int MaxRows = 1000;

    public const string Tid = "Tid";
    public const string Verksamhet = "Verksamhet";
    public const string Aktivitet = "Aktivitet";
    public const string MojligaEnheter = "Möjliga enheter";
    public const string MalMalgrupp = "Mål/Målgrupp";
    public const string AnsvarKontaktperson = "Ansvar/Kontaktperson";
    public const string UppfoljningUtvardering = "Uppföljning & utvärdering";

    /// <summary>The columns in the table's order, by their Swedish names (the names of the fields in a report).</summary>
    public static readonly IReadOnlyList<string> Columns =
        [Tid, Verksamhet, Aktivitet, MojligaEnheter, MalMalgrupp, AnsvarKontaktperson, UppfoljningUtvardering];

    /// <summary>The same columns as Norwegian plans head them.</summary>
    public static readonly IReadOnlyList<string> NorwegianColumns =
        ["Tid", "Virksomhet", "Aktivitet", "Mulige enheter", "Mål/Målgruppe", "Ansvar/Kontaktperson", "Oppfølging og evaluering"];

    /// <summary>The column headers of a table in the plan's language.</summary>
    public static IReadOnlyList<string> Headers(Country language) => language == Country.Norway ? NorwegianColumns : Columns;

    /// <summary>The rows as new activities; rows already in the plan are counted, not returned.</summary>
    /// <exception cref="DomainValidationException">One or more cells cannot be read or break the rules; nothing is returned.</exception>
    public static (IReadOnlyList<Activity> New, int AlreadyInPlan) Read(Plan plan, IReadOnlyList<ImportRow> rows, IEnumerable<Activity> existing,
        DateOnly today, Func<Guid> newId)
    {
        var errors = new ErrorCollector();
        if (rows.Count == 0) errors.Add("rows", ErrorCodes.Required);
        if (rows.Count > MaxRows) errors.Add("rows", ErrorCodes.TooMany, MaxRows);
        errors.ThrowIfAny();

        var known = existing.Select(Identity).ToHashSet();
        var seen = new HashSet<(Period, string, string)>();
        var added = new List<Activity>();
        var already = 0;
        foreach (var row in rows)
        {
            var details = Describe(plan, row, errors);
            if (details is null) continue;
            Activity activity;
            try
            {
                activity = Activity.Create(newId(), plan, details, today);
            }
            catch (DomainValidationException e)
            {
                foreach (var error in e.Errors) errors.Add(Field(row, ColumnOf(error.Field)), error.Code, error.Limit);
                continue;
            }
            var identity = Identity(activity);
            if (known.Contains(identity)) already++;
            else if (!seen.Add(identity)) errors.Add(Field(row, Aktivitet), ErrorCodes.Duplicate);
            else added.Add(activity);
        }
        errors.ThrowIfAny();
        return (added, already);
    }

    private static (Period, string, string) Identity(Activity a) => (a.Period, a.UnitKey, a.Title.Trim().ToLowerInvariant());

    private static string Field(ImportRow row, string column) => $"rows[{row.Row}].{column}";

    private static ActivityDetails? Describe(Plan plan, ImportRow row, ErrorCollector errors)
    {
        var bad = new List<FieldError>();

        Schedule? schedule = null;
        if (string.IsNullOrWhiteSpace(row.Tid)) bad.Add(new FieldError(Tid, ErrorCodes.Required));
        else if (SchedulePhrase.TryRead(row.Tid, plan.Year, out var read)) schedule = read;
        else bad.Add(new FieldError(Tid, ErrorCodes.UnreadableTime, row.Tid.Trim()));

        string? unit = null;
        if (string.IsNullOrWhiteSpace(row.Verksamhet)) bad.Add(new FieldError(Verksamhet, ErrorCodes.Required));
        else unit = Match(row.Verksamhet, plan.Units, u => u.Key, u => u.Name);
        if (unit is null && !string.IsNullOrWhiteSpace(row.Verksamhet)) bad.Add(new FieldError(Verksamhet, ErrorCodes.UnknownReference));

        var channels = new List<string>();
        foreach (var word in Words(row.MojligaEnheter))
        {
            if (Match(word, plan.Channels, c => c.Key, c => c.Name) is { } key) { if (!channels.Contains(key)) channels.Add(key); }
            else bad.Add(new FieldError(MojligaEnheter, ErrorCodes.UnknownReference, word));
        }

        // The municipal table puts goals and target groups in one column: each word is whichever the plan knows it as.
        var targetGroups = new List<string>();
        var goals = new List<string>();
        foreach (var word in Words(row.MalMalgrupp))
        {
            if (Match(word, plan.TargetGroups, t => t.Key, t => t.Name) is { } group) { if (!targetGroups.Contains(group)) targetGroups.Add(group); }
            else if (Match(word, plan.Goals, g => g.Key, g => g.Name) is { } goal) { if (!goals.Contains(goal)) goals.Add(goal); }
            else bad.Add(new FieldError(MalMalgrupp, ErrorCodes.UnknownReference, word));
        }

        // A person is reachable by e-mail; a role ("Kommunikatör", "Verksamheten") is not a person, so it is kept as text.
        Owner? owner = null;
        string? responsible = null;
        var ansvar = row.AnsvarKontaktperson?.Trim();
        if (!string.IsNullOrEmpty(ansvar))
        {
            var mail = Email().Match(ansvar);
            if (mail.Success)
            {
                var name = ansvar.Replace(mail.Value, "", StringComparison.Ordinal).Trim(' ', '<', '>', ',', '(', ')');
                owner = new Owner(null, name.Length > 0 ? name : mail.Value, mail.Value);
            }
            else responsible = ansvar;
        }

        // The model checks the title later; with other cells already bad it would not get to say so.
        if (bad.Count > 0 && string.IsNullOrWhiteSpace(row.Aktivitet)) bad.Add(new FieldError(Aktivitet, ErrorCodes.Required));
        foreach (var e in bad) errors.Add(Field(row, e.Field), e.Code, e.Limit);
        if (bad.Count > 0 || schedule is null || unit is null) return null;
        return new ActivityDetails
        {
            Title = row.Aktivitet ?? "",
            Description = responsible is null ? null : $"{AnsvarKontaktperson}: {responsible}",
            UnitKey = unit,
            Period = schedule.Period,
            Recurrence = schedule.Recurrence,
            Channels = channels,
            TargetGroups = targetGroups,
            Goals = goals,
            Owner = owner,
            FollowUpMetric = row.UppfoljningUtvardering,
        };
    }

    /// <summary>Which column of the table a rule of the model is about.</summary>
    private static string ColumnOf(string field) => field.Split('.', '[')[0] switch
    {
        "title" => Aktivitet,
        "unit" => Verksamhet,
        "period" or "deadline" or "recurrence" => Tid,
        "channels" => MojligaEnheter,
        "targetGroups" or "goals" => MalMalgrupp,
        "owner" or "description" => AnsvarKontaktperson,
        "followUpMetric" => UppfoljningUtvardering,
        _ => Aktivitet,
    };

    /// <summary>The entry's key, found by its key or its name, ignoring case and surrounding space.</summary>
    internal static string? Match<T>(string text, IEnumerable<T> entries, Func<T, string> key, Func<T, string> name)
    {
        var t = text.Trim();
        foreach (var entry in entries)
            if (string.Equals(key(entry), t, StringComparison.OrdinalIgnoreCase) || string.Equals(name(entry).Trim(), t, StringComparison.CurrentCultureIgnoreCase))
                return key(entry);
        return null;
    }

    /// <summary>"annons, facebook och insidan/utsidan" → annons, facebook, insidan, utsidan.</summary>
    internal static IEnumerable<string> Words(string? cell) =>
        string.IsNullOrWhiteSpace(cell) ? [] : Separators().Split(cell.Trim()).Select(w => w.Trim()).Where(w => w.Length > 0);

    [GeneratedRegex(@"\s*(?:,|;|/|\n|&|\+|\boch\b|\bog\b|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Separators();

    [GeneratedRegex(@"[^\s<>,;()]+@[^\s<>,;()]+\.[^\s<>,;()]+")]
    private static partial Regex Email();
}
