using System.Globalization;
using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Activities;
using CommPlan.Domain.Plans;
using CommPlan.Domain.PressReleases;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommPlan.Application.PlanDocuments;

/// <summary>The follow-up report's words in one language; the host fills it from its localized resources.</summary>
public sealed record FollowUpReportWording
{
    public required string Language { get; init; }
    /// <summary>"Follow-up {0}", the plan's title.</summary>
    public required string Title { get; init; }
    /// <summary>"… Figures as recorded on {0}", the day the report is written.</summary>
    public required string Intro { get; init; }
    public required string Summary { get; init; }
    public required string Unit { get; init; }
    public required string Total { get; init; }
    public required string Planned { get; init; }
    public required string Done { get; init; }
    public required string Late { get; init; }
    public required string Cancelled { get; init; }
    public required string Open { get; init; }
    public required string Activity { get; init; }
    public required string Time { get; init; }
    public required string Status { get; init; }
    public required string Metric { get; init; }
    public required string Figures { get; init; }
    public required string NoFigures { get; init; }
    public required string NoActivities { get; init; }
    public required string StatusDone { get; init; }
    public required string StatusLate { get; init; }
    public required string StatusCancelled { get; init; }
    public required string StatusOpen { get; init; }
    /// <summary>How the activity plan's periods are written ("maj och okt", "4 ggr/år").</summary>
    public required PlanDocumentWording Periods { get; init; }
    /// <summary>"Media statistics {0}", the year.</summary>
    public required string Media { get; init; }
    /// <summary>"Press releases marked sent in {0} …", the year.</summary>
    public required string MediaIntro { get; init; }
    /// <summary>"No press release was marked sent in {0}.", the year.</summary>
    public required string MediaNone { get; init; }
    public required string MediaSent { get; init; }
    public required string MediaChannel { get; init; }
    public required string MediaNoUnit { get; init; }
}

/// <summary>
/// The year's follow-up as a Word document: per unit, whether its measures happened (planned, done, late,
/// cancelled) and with what effect (the figures recorded against each activity's follow-up metric), and the year's
/// media statistics (the press releases marked sent, seed 000 §2.4).
/// </summary>
public sealed class FollowUpReportService(IPlanStore plans, IActivityStore activities, IPressReleaseStore releases, AccessGate gate, OrganisationClock clock)
{
    public async Task<(Plan Plan, byte[] Document)> WriteAsync(Actor actor, Guid planId, FollowUpReportWording wording, CancellationToken ct)
    {
        (await gate.ForPlanAsync(actor, planId, ct)).Demand(Operation.ReadPlan);
        var plan = await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var rows = (await activities.ListAsync(planId, ct)).Select(a => a.Value).ToArray();
        var media = MediaStatistics.Of(plan.Year, plan, (await releases.ListAsync(planId, ct)).Select(r => r.Value), wording.MediaNoUnit);
        return (plan, FollowUpReportWriter.Write(plan, rows, clock.Today, wording, media));
    }
}

public static class FollowUpReportWriter
{
    public static byte[] Write(Plan plan, IReadOnlyList<Activity> activities, DateOnly today, FollowUpReportWording w, MediaStatistics? media = null)
    {
        var culture = CultureInfo.GetCultureInfo(w.Language);
        var title = string.Format(culture, w.Title, plan.Title);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = WordBuilder.DefaultStyles(w.Language);
            var body = new Body(
                WordBuilder.Para(title, "Title"),
                WordBuilder.Para($"{plan.Organisation} · {plan.Department}", "Subtitle"),
                WordBuilder.Para(string.Format(culture, w.Intro, today.ToString("d MMMM yyyy", culture))),
                WordBuilder.Para(w.Summary, "Heading1"));

            // Units in the plan's order, then any unit an activity names that the plan no longer has.
            var units = plan.Units.Select(u => (u.Key, u.Name))
                .Concat(activities.Select(a => a.UnitKey).Distinct().Where(k => !plan.HasUnit(k)).Select(k => (Key: k, Name: k))).ToList();
            var summary = units.Select(u =>
            {
                var of = activities.Where(a => a.UnitKey == u.Key).ToList();
                return (IReadOnlyList<string>)
                [
                    u.Name,
                    Count(of.Count),
                    Count(of.Count(a => a.Status == ActivityStatus.Done)),
                    Count(of.Count(a => a.IsLate(today))),
                    Count(of.Count(a => a.Status == ActivityStatus.Cancelled)),
                ];
            }).ToList();
            summary.Add([w.Total, Count(activities.Count),
                Count(activities.Count(a => a.Status == ActivityStatus.Done)), Count(activities.Count(a => a.IsLate(today))),
                Count(activities.Count(a => a.Status == ActivityStatus.Cancelled))]);
            body.Append(WordBuilder.Table([w.Unit, w.Planned, w.Done, w.Late, w.Cancelled], summary, [3400, 1400, 1400, 1400, 1400]));

            foreach (var unit in units)
            {
                body.Append(WordBuilder.Para(unit.Name, "Heading1"));
                var of = activities.Where(a => a.UnitKey == unit.Key).OrderBy(a => a.Period.From).ThenBy(a => a.Title, StringComparer.Create(culture, false)).ToList();
                if (of.Count == 0)
                {
                    body.Append(WordBuilder.Para(w.NoActivities));
                    continue;
                }
                body.Append(WordBuilder.Table([w.Activity, w.Time, w.Status, w.Metric, w.Figures], of.Select(a => (IReadOnlyList<string>)
                [
                    a.Title,
                    PeriodText.Of(a, w.Periods),
                    StatusOf(a, today, w, culture),
                    a.FollowUpMetric ?? "",
                    a.FollowUpFigures.Count == 0 ? w.NoFigures : string.Join("\n", a.FollowUpFigures.OrderBy(f => f.RecordedOn).Select(f =>
                        $"{f.RecordedOn.ToString("d MMM yyyy", culture)}: {f.Value.ToString("N0", culture)}" + (f.Note is null ? "" : $" ({f.Note})"))),
                ]), [3000, 1300, 1700, 2000, 2600]));
            }
            if (media is not null) AppendMedia(body, media, w, culture);
            body.Append(WordBuilder.Portrait());
            main.Document = new Document(body);
            WordBuilder.AddFooter(main, title);
            WordBuilder.Describe(document, title, w.Language);
        }
        return stream.ToArray();

        string Count(int n) => n.ToString(CultureInfo.GetCultureInfo(w.Language));
    }

    /// <summary>The sent releases per unit (a column a month, then the year) and per channel used.</summary>
    private static void AppendMedia(Body body, MediaStatistics media, FollowUpReportWording w, CultureInfo culture)
    {
        body.Append(WordBuilder.Para(string.Format(culture, w.Media, media.Year), "Heading1"));
        if (media.Total == 0)
        {
            body.Append(WordBuilder.Para(string.Format(culture, w.MediaNone, media.Year)));
            return;
        }
        body.Append(WordBuilder.Para(string.Format(culture, w.MediaIntro, media.Year)));
        string N(int n) => n.ToString(culture);
        IReadOnlyList<string> Row(string name, IReadOnlyList<int> months, int total) => [name, .. months.Select(N), N(total)];
        var rows = media.Units.Select(u => Row(u.Name, u.ByMonth, u.Total)).Append(Row(w.Total, media.ByMonth, media.Total));
        // Twelve narrow month columns fit the portrait page beside the unit's name.
        body.Append(WordBuilder.Table([w.Unit, .. Enumerable.Range(1, 12).Select(m => culture.DateTimeFormat.GetAbbreviatedMonthName(m)), w.MediaSent], rows,
            [2200, .. Enumerable.Repeat(560, 12), 720]));
        body.Append(WordBuilder.Table([w.MediaChannel, w.MediaSent], media.Channels.Select(c => (IReadOnlyList<string>)[c.Name, N(c.Count)]), [6000, 2000]));
    }

    private static string StatusOf(Activity a, DateOnly today, FollowUpReportWording w, CultureInfo culture) => a.Status switch
    {
        ActivityStatus.Done => a.CompletedOn is { } on ? $"{w.StatusDone} {on.ToString("d MMM", culture)}" : w.StatusDone,
        ActivityStatus.Cancelled => w.StatusCancelled,
        _ when a.IsLate(today) => w.StatusLate,
        _ => w.StatusOpen,
    };
}
