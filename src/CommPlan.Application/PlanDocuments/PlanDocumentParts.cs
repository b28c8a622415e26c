namespace CommPlan.Application.PlanDocuments;

/// <summary>
/// The parts of a plan document a template holds, by the tag of their content control (or the placeholder
/// <c>{{tag}}</c> in a paragraph of their own). Sections are filled with paragraphs, lists and tables; inline parts
/// with text where they stand.
/// </summary>
public static class PlanDocumentParts
{
    public const string Title = "title";
    public const string Organisation = "organisation";
    public const string Department = "department";
    public const string Year = "year";
    public const string Status = "status";
    public const string Goals = "goals";
    public const string TargetGroups = "target-groups";
    public const string Channels = "channels";
    public const string Strategy = "strategy";
    public const string Responsibilities = "responsibilities";
    public const string MediaContacts = "media-contacts";
    public const string ActivityPlan = "activity-plan";

    /// <summary>Sections the generator needs: a template without any of them is refused.</summary>
    public static IReadOnlyList<string> Sections { get; } = [Goals, TargetGroups, Channels, Strategy, Responsibilities, MediaContacts, ActivityPlan];

    /// <summary>Short values filled in where they stand, if the template has them (title page, header, footer).</summary>
    public static IReadOnlyList<string> Inline { get; } = [Title, Organisation, Department, Year, Status];

    public static string Placeholder(string part) => "{{" + part + "}}";
}

/// <summary>
/// The words of the plan document in one language: headings and texts of the default template, the activity
/// plan's column headings and how periods are written. The host fills it from its localized resources.
/// </summary>
public sealed record PlanDocumentWording
{
    /// <summary>The language tag the document is marked with (sv-SE, nb-NO, en-GB).</summary>
    public required string Language { get; init; }
    public required string DocumentType { get; init; }
    public required string DocumentTypeValue { get; init; }
    public required string DocumentInformation { get; init; }
    public required string StatusLabel { get; init; }
    public required string StatusDraft { get; init; }
    public required string StatusAdopted { get; init; }
    public required string GeneratedLabel { get; init; }
    public required string YearLabel { get; init; }
    public required string OrganisationLabel { get; init; }
    public required string Contents { get; init; }
    public required string GoalsHeading { get; init; }
    public required string GoalsIntro { get; init; }
    public required string TargetGroupsHeading { get; init; }
    public required string TargetGroupsIntro { get; init; }
    public required string ChannelsHeading { get; init; }
    public required string ChannelsIntro { get; init; }
    public required string StrategyHeading { get; init; }
    public required string StrategyUnitsIntro { get; init; }
    public required string StrategyNone { get; init; }
    public required string ResponsibilitiesHeading { get; init; }
    public required string ResponsibilitiesIntro { get; init; }
    public required string RoleColumn { get; init; }
    public required string PersonColumn { get; init; }
    public required string Communicator { get; init; }
    public required string Manager { get; init; }
    public required string MediaContactsHeading { get; init; }
    public required string MediaContactsIntro { get; init; }
    public required string NameColumn { get; init; }
    public required string ContactColumn { get; init; }
    public required string None { get; init; }
    public required string ActivityPlanHeading { get; init; }
    public required string ActivityPlanIntro { get; init; }
    public required string ColumnTime { get; init; }
    public required string ColumnUnit { get; init; }
    public required string ColumnActivity { get; init; }
    public required string ColumnChannels { get; init; }
    public required string ColumnGoalTargetGroup { get; init; }
    public required string ColumnResponsible { get; init; }
    public required string ColumnFollowUp { get; init; }
    /// <summary>"{0} times a year".</summary>
    public required string TimesPerYear { get; init; }
    public required string Monthly { get; init; }
    public required string PerTerm { get; init; }
    public required string And { get; init; }
    public required string WholeYear { get; init; }
}

/// <summary>A person the media may call, as the communicator writes them in the generate request.</summary>
public sealed record MediaContact(string Name, string? Role, string? Email, string? Phone);
