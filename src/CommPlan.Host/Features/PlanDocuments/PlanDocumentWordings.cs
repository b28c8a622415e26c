using System.Globalization;
using CommPlan.Application.PlanDocuments;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.PlanDocuments;

/// <summary>The plan document's words in Swedish, Norwegian or English, from Resources/TextPlanDocuments*.resx.</summary>
public sealed class PlanDocumentWordings(IStringLocalizer<TextPlanDocuments> text)
{
    /// <summary>The languages a plan document is written in, by the tag the API takes, with the tag the document is marked with.</summary>
    public static IReadOnlyDictionary<string, string> Languages { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["sv"] = "sv-SE",
        ["nb"] = "nb-NO",
        ["en"] = "en-GB",
    };

    /// <summary>The language of the request (its UI culture) when none is asked for; Swedish when that is none of the three.</summary>
    public static string Choose(string? asked) =>
        asked is not null && Languages.ContainsKey(asked) ? asked.ToLowerInvariant()
        : Languages.ContainsKey(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName) ? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName
        : CultureInfo.CurrentUICulture.Name.StartsWith("no", StringComparison.OrdinalIgnoreCase) || CultureInfo.CurrentUICulture.Name.StartsWith("nn", StringComparison.OrdinalIgnoreCase) ? "nb"
        : "sv";

    public FollowUpReportWording ReportFor(string language)
    {
        var periods = For(language);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(periods.Language);
        try
        {
            string T(string key) => text["Report_" + key].Value;
            return new FollowUpReportWording
            {
                Language = periods.Language,
                Title = T("Title"),
                Intro = T("Intro"),
                Summary = T("Summary"),
                Unit = T("Unit"),
                Total = T("Total"),
                Planned = T("Planned"),
                Done = T("Done"),
                Late = T("Late"),
                Cancelled = T("Cancelled"),
                Open = T("Open"),
                Activity = T("Activity"),
                Time = periods.ColumnTime,
                Status = T("Status"),
                Metric = T("Metric"),
                Figures = T("Figures"),
                NoFigures = T("NoFigures"),
                NoActivities = T("NoActivities"),
                StatusDone = T("StatusDone"),
                StatusLate = T("StatusLate"),
                StatusCancelled = T("StatusCancelled"),
                StatusOpen = T("StatusOpen"),
                Periods = periods,
                Media = T("Media"),
                MediaIntro = T("MediaIntro"),
                MediaNone = T("MediaNone"),
                MediaSent = T("MediaSent"),
                MediaChannel = T("MediaChannel"),
                MediaNoUnit = T("MediaNoUnit"),
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public PlanDocumentWording For(string language)
    {
        var tag = Languages[language];
        var previous = CultureInfo.CurrentUICulture;
        // The localizer reads the current UI culture; the document's language may differ from the page's.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(tag);
        try
        {
            string T(string key) => text["Doc_" + key].Value;
            return new PlanDocumentWording
            {
                Language = tag,
                DocumentType = T("DocumentType"),
                DocumentTypeValue = T("DocumentTypeValue"),
                DocumentInformation = T("DocumentInformation"),
                StatusLabel = T("StatusLabel"),
                StatusDraft = T("StatusDraft"),
                StatusAdopted = T("StatusAdopted"),
                GeneratedLabel = T("GeneratedLabel"),
                YearLabel = T("YearLabel"),
                OrganisationLabel = T("OrganisationLabel"),
                Contents = T("Contents"),
                GoalsHeading = T("GoalsHeading"),
                GoalsIntro = T("GoalsIntro"),
                TargetGroupsHeading = T("TargetGroupsHeading"),
                TargetGroupsIntro = T("TargetGroupsIntro"),
                ChannelsHeading = T("ChannelsHeading"),
                ChannelsIntro = T("ChannelsIntro"),
                StrategyHeading = T("StrategyHeading"),
                StrategyUnitsIntro = T("StrategyUnitsIntro"),
                StrategyNone = T("StrategyNone"),
                ResponsibilitiesHeading = T("ResponsibilitiesHeading"),
                ResponsibilitiesIntro = T("ResponsibilitiesIntro"),
                RoleColumn = T("RoleColumn"),
                PersonColumn = T("PersonColumn"),
                Communicator = T("Communicator"),
                Manager = T("Manager"),
                MediaContactsHeading = T("MediaContactsHeading"),
                MediaContactsIntro = T("MediaContactsIntro"),
                NameColumn = T("NameColumn"),
                ContactColumn = T("ContactColumn"),
                None = T("None"),
                ActivityPlanHeading = T("ActivityPlanHeading"),
                ActivityPlanIntro = T("ActivityPlanIntro"),
                ColumnTime = T("ColumnTime"),
                ColumnUnit = T("ColumnUnit"),
                ColumnActivity = T("ColumnActivity"),
                ColumnChannels = T("ColumnChannels"),
                ColumnGoalTargetGroup = T("ColumnGoalTargetGroup"),
                ColumnResponsible = T("ColumnResponsible"),
                ColumnFollowUp = T("ColumnFollowUp"),
                TimesPerYear = T("TimesPerYear"),
                Monthly = T("Monthly"),
                PerTerm = T("PerTerm"),
                And = T("And"),
                WholeYear = T("WholeYear"),
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
