using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;

namespace CommPlan.Application.Demo;

/// <summary>
/// The plan a new installation starts with: the activity plan of Piteå municipality's department of skills
/// supply (appendix 2 of its communication plan), moved to the current year, with demo owners (addresses on the
/// reserved .example domain). Plan content is
/// the organisation's own words, so it stays in Swedish whatever the reader's language.
/// </summary>
public static class DemoPlan
{
    public static readonly Guid PlanId = new("3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01");

    public static readonly Owner Communicator = new(new Guid("6f1c7a52-0d3e-4c8e-9a41-2b7d3e5a1c01"), "Anna Lindqvist", "anna.lindqvist@pitea.example");
    public static readonly Owner AdultEducation = new(new Guid("8a2d4b63-1e4f-4d9f-8b52-3c8e4f6b2d02"), "Erik Nilsson", "erik.nilsson@pitea.example");
    public static readonly Owner SecondHandShop = new(new Guid("9b3e5c74-2f50-4eaf-9c63-4d9f5a7c3e03"), "Maria Öberg", "maria.oberg@pitea.example");
    public static readonly Owner IndividualSupport = new(new Guid("ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04"), "Johan Berg", "johan.berg@pitea.example");
    public static readonly Owner ManagementGroup = new(new Guid("bd5a7e96-4172-40c1-9e85-6fb07c9e5a05"), "Sara Holm", "sara.holm@pitea.example");
    public static readonly Owner Integration = new(new Guid("ce6b8fa7-5283-41d2-8f96-70c18daf6b06"), "Leila Haddad", "leila.haddad@pitea.example");
    public static readonly Owner StudyCentre = new(new Guid("df7c90b8-6394-42e3-9fa7-81d29eb07c07"), "Per Sandberg", "per.sandberg@pitea.example");

    /// <summary>
    /// The demo roles: the communicator (the dev user) manages the plan, the management group's member reads it as a
    /// manager; the other demo users are owners of their activities and readers of the rest.
    /// </summary>
    public static PlanRoles Roles { get; } = PlanRoles.Create(
    [
        new RoleAssignment(Communicator.ObjectId!.Value, PrincipalKind.User, PlanRole.Communicator, Communicator.DisplayName),
        new RoleAssignment(ManagementGroup.ObjectId!.Value, PrincipalKind.User, PlanRole.Manager, ManagementGroup.DisplayName),
    ]);

    public static Plan BuildPlan(int year) => Plan.Create(PlanId, year, "Piteå kommun", "Avdelningen för kompetensförsörjning",
        $"Kommunikations- och marknadsföringsplan {year}",
        [
            new Goal("gemensam-bild", "Skapa en tydlig och gemensam bild av verksamheten internt"),
            new Goal("kannedom-utbud", "Öka kännedomen om vårt utbud och vår värdegrund"),
            new Goal("kannedom-mervarde", "Öka kännedomen om verksamheternas mervärde: lärande, integration och kompetensförsörjning"),
            new Goal("intresse", "Skapa intresse och engagemang för våra verksamheter"),
            new Goal("medborgardialog", "Bidra till medborgardialog"),
            new Goal("mangfald", "Verka för högre kunskap, ökad tolerans och medborgardialog kring mångfald och flyktingfrågor"),
        ],
        [
            new TargetGroup("medarbetare", "Medarbetare i avdelningen och projekt"),
            new TargetGroup("deltagare", "Deltagare och studerande"),
            new TargetGroup("politiker", "Politiker (nämnden)"),
            new TargetGroup("partners", "Partners"),
            new TargetGroup("allmanhet", "Allmänhet"),
            new TargetGroup("ungdomar", "Ungdomar och föräldrar"),
            new TargetGroup("arbetsgivare", "Arbetsgivare och näringsliv"),
            new TargetGroup("nyinflyttade", "Nyinflyttade pitebor"),
            new TargetGroup("media", "Media"),
        ],
        [
            new Channel("annons", "Annons i dagspress"),
            new Channel("facebook", "Facebook"),
            new Channel("intranat", "Intranätet (insidan)"),
            new Channel("webb", "Webben (pitea.se)"),
            new Channel("affischering", "Affischering"),
            new Channel("trycksaker", "Trycksaker och foldrar"),
            new Channel("nyhetsbrev", "Nyhetsbrev"),
            new Channel("personaltidning", "Personaltidningen Pitekvarten"),
            new Channel("pressmeddelande", "Pressmeddelande"),
            new Channel("presentation", "Presentationer och möten"),
            new Channel("utskick", "Personliga utskick"),
        ],
        [
            new Unit("avdelningen", "Avdelningen", "Gemensam bild internt, överblick och rutiner"),
            new Unit("vlc", "VLC – vuxenutbildning, lärling", "Öka kännedomen om utbud och möjligheter"),
            new Unit("individstod", "Individstöd/ferie", "Nå unga och arbetsgivare"),
            new Unit("repris", "Repris", "Addera värden till informationen, nå fler yrkesverksamma"),
            new Unit("sc", "Studiecentrum", "Klar och tydlig information, även på flera språk"),
            new Unit("integration", "Stab/integration", "Acceptans och tolerans, nya mötesplatser"),
        ]);

    private sealed record Row(string Time, string Unit, string Title, string[] Channels, string[] TargetGroups, string[] Goals,
        Owner Owner, string? Metric, string? Description = null);

    private static readonly Row[] Rows =
    [
        new("jan-feb", "avdelningen", "Anpassning till ny organisation", ["trycksaker", "webb"], ["allmanhet", "deltagare", "partners"], ["gemensam-bild"], Communicator, null, "Foldrar, informationsblad och webb uppdateras efter omorganisationen."),
        new("jan-feb", "avdelningen", "Revidering av befintligt material", ["trycksaker", "nyhetsbrev"], ["deltagare", "allmanhet", "partners"], ["kannedom-utbud"], Communicator, null),
        new("jan-feb", "avdelningen", "Revidering och utveckling av webben", ["webb"], ["allmanhet", "deltagare"], ["kannedom-utbud"], Communicator, "Trafik på webben"),
        new("löpande", "vlc", "Löpande marknadsaktiviteter", ["annons", "facebook", "webb"], ["ungdomar", "allmanhet"], ["intresse", "kannedom-utbud"], AdultEducation, "Antal sökande, trafik på webben", "Inför ansökan till högskola, rekrytering och evenemang."),
        new("feb-april", "vlc", "Temadagar attraktiv arbetsgivare", ["annons", "facebook", "intranat", "webb", "affischering"], ["arbetsgivare"], ["kannedom-mervarde"], AdultEducation, "Antal besökande temadagar"),
        new("feb", "individstod", "Information till näringslivet", ["annons", "nyhetsbrev", "utskick"], ["arbetsgivare"], ["kannedom-mervarde"], IndividualSupport, "Utvärdering av upplevelse"),
        new("mars", "individstod", "Information till ungdomar och föräldrar om feriearbete", ["annons", "facebook", "intranat", "webb"], ["ungdomar"], ["intresse"], IndividualSupport, "Antal sökande"),
        new("maj", "repris", "Vårrensning", ["annons", "facebook", "intranat", "webb", "affischering"], ["allmanhet"], ["intresse"], SecondHandShop, "Antal besökare, försäljning"),
        new("maj och okt", "repris", "Mobila återvinningscentralen", ["annons"], ["allmanhet"], ["medborgardialog"], SecondHandShop, "Antal besökare", "Samannonsering med Pireva."),
        new("aug", "sc", "Information till distansstuderande", ["annons", "facebook", "webb", "affischering", "utskick"], ["allmanhet"], ["kannedom-utbud"], StudyCentre, "Antal pitebor som ansökt om distansstudier", "Utskick av infobrev till pitebor i byarna."),
        new("sep", "repris", "Höstrensning", ["annons", "facebook", "intranat", "webb", "affischering"], ["allmanhet"], ["intresse"], SecondHandShop, "Antal besökare, försäljning"),
        new("okt", "repris", "Patronsöndag", ["annons", "facebook"], ["allmanhet"], ["intresse"], SecondHandShop, "Antal besökare"),
        new("okt", "integration", "Mångfaldsdagen", ["annons", "facebook", "intranat", "webb", "affischering"], ["allmanhet"], ["mangfald"], Integration, "Antal besökare", "Övergripande ansvar: enheten Social hållbarhet; avdelningsledningen ansvarar för avdelningens medverkan."),
        new("4 ggr/år", "avdelningen", "Pitekvarten", ["personaltidning"], ["medarbetare"], ["gemensam-bild"], ManagementGroup, "Artikel eller notis i varje nummer"),
        new("1 ggr/år", "avdelningen", "Inflyttartidningen", ["trycksaker"], ["nyinflyttade"], ["kannedom-utbud"], ManagementGroup, "Artikel i ny utgåva"),
        new("2 ggr/år", "avdelningen", "Vardagsrummet", ["presentation"], ["arbetsgivare"], ["kannedom-mervarde"], ManagementGroup, "Enkät och ekonomisk utvärdering"),
        new("1 tillfälle per termin", "avdelningen", "Foajéfika", ["presentation"], ["medarbetare"], ["gemensam-bild"], ManagementGroup, null),
        new("1 ggr/år", "avdelningen", "Värt att veta", ["trycksaker"], ["allmanhet"], ["kannedom-utbud"], Communicator, null),
        new("3 ggr/år", "avdelningen", "Årsredovisning och delårsbokslut", ["webb"], ["medarbetare", "allmanhet", "politiker"], ["medborgardialog"], Communicator, "Nämndshandlingar"),
    ];

    /// <summary>
    /// The activities, with a plausible state for <paramref name="today"/>: what ended over a month ago is done,
    /// apart from one left open so that the plan shows something late; what is under way is in progress.
    /// </summary>
    public static IReadOnlyList<Activity> BuildActivities(Plan plan, DateOnly today)
    {
        var result = new List<Activity>();
        for (var i = 0; i < Rows.Length; i++)
        {
            var row = Rows[i];
            if (!SchedulePhrase.TryParse(row.Time, plan.Year, out var schedule))
                throw new InvalidOperationException($"Demo row '{row.Title}' has an unreadable period '{row.Time}'.");
            var id = new Guid(PlanId.ToString()[..24] + (i + 1).ToString("x12"));
            var details = new ActivityDetails
            {
                Title = row.Title,
                Description = row.Description,
                UnitKey = row.Unit,
                Period = schedule.Period,
                Recurrence = schedule.Recurrence,
                Channels = row.Channels,
                TargetGroups = row.TargetGroups,
                Goals = row.Goals,
                Owner = row.Owner,
                FollowUpMetric = row.Metric,
            };
            var activity = Activity.Create(id, plan, details, today);
            var leftLate = row.Title == "Information till näringslivet";
            foreach (var occurrence in activity.Occurrences.Where(o => o.Deadline.AddDays(30) < today).ToArray())
                activity.ChangeOccurrenceStatus(occurrence.Deadline, ActivityStatus.Done, today, occurrence.Deadline);
            if (activity.Occurrences.Count == 0 && activity.Deadline.AddDays(30) < today && !leftLate)
            {
                activity.ChangeStatus(ActivityStatus.Done, today, activity.Deadline);
                if (row.Metric is not null)
                    activity.RecordFigure(new FollowUpFigure(activity.Deadline, 150 + 37 * i, null), today);
            }
            else if (activity.Status == ActivityStatus.Planned && activity.Period.From <= today)
            {
                activity.ChangeStatus(ActivityStatus.InProgress, today);
            }
            result.Add(activity);
        }
        return result;
    }
}

/// <summary>Puts the demo plan in an empty store, so that a first start shows a working plan.</summary>
public sealed class DemoPlanSeeder(IPlanStore plans, IActivityStore activities, OrganisationClock clock)
{
    /// <returns>True when the demo plan was added; false when the store already had a plan.</returns>
    public async Task<bool> EnsureSeededAsync(CancellationToken ct)
    {
        if ((await plans.ListAsync(ct)).Count > 0) return false;
        var today = clock.Today;
        var plan = DemoPlan.BuildPlan(today.Year);
        await plans.SaveAsync(plan, ct);
        var roles = await plans.GetRolesAsync(plan.Id, ct) ?? throw new NotFoundException("Plan " + plan.Id);
        await plans.SaveRolesAsync(plan.Id, DemoPlan.Roles, roles.ETag, ct);
        await activities.AddRangeAsync(DemoPlan.BuildActivities(plan, today).ToArray(), ct);
        return true;
    }
}
