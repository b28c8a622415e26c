using System.Text.Json.Nodes;

namespace CommPlan.Storage.SharePoint;

/// <summary>A column as provisioned: its internal name (the key in an item's fields) and its Graph column type.</summary>
public sealed record ColumnSpec(string Name, string DisplayName, string Type, JsonObject Settings, bool Indexed = false, bool Hidden = false)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["displayName"] = DisplayName,
        ["indexed"] = Indexed,
        ["hidden"] = Hidden,
        [Type] = Settings.DeepClone(),
    };
}

/// <summary>A list or library as provisioned.</summary>
public sealed record ListSpec(string DisplayName, string Template, IReadOnlyList<ColumnSpec> Columns);

/// <summary>The activity plan's columns: they mirror the municipal activity table, so people can work in the list too.</summary>
public static class ActivityColumns
{
    public const string Title = "Title";
    public const string ActivityId = "ActivityId";
    public const string PlanId = "PlanId";
    public const string PeriodFrom = "PeriodFrom";
    public const string PeriodTo = "PeriodTo";
    public const string Deadline = "Deadline";
    public const string Unit = "Unit";
    public const string Description = "ActivityDescription";
    public const string Channels = "Channels";
    public const string TargetGroups = "TargetGroups";
    public const string Goals = "Goals";
    public const string Owner = "Owner";
    public const string OwnerName = "OwnerName";
    public const string OwnerObjectId = "OwnerObjectId";
    public const string FollowUpMetric = "FollowUpMetric";
    public const string FollowUpFigure = "FollowUpFigure";
    public const string Status = "Status";
    public const string CompletedOn = "CompletedOn";
    public const string Recurrence = "Recurrence";
    public const string Data = "CommPlanData";
}

public static class PlanColumns
{
    public const string Title = "Title";
    public const string PlanId = "PlanId";
    public const string Year = "Year";
    public const string Organisation = "Organisation";
    public const string Department = "Department";
    public const string Goals = "PlanGoals";
    public const string TargetGroups = "PlanTargetGroups";
    public const string Channels = "PlanChannels";
    public const string Units = "PlanUnits";
    public const string Roles = "PlanRoles";
}

public static class PressReleaseColumns
{
    public const string Title = "Title";
    public const string ReleaseId = "PressReleaseId";
    public const string PlanId = "PlanId";
    public const string State = "ApprovalState";
    public const string Version = "ReleaseVersion";
    public const string Submitter = "SubmittedBy";
    public const string PlannedSendAt = "PlannedSendAt";
    public const string Data = "CommPlanData";
    public const string LastEntry = "LastRecordEntry";
}

/// <summary>The record's columns; the item's title is the action ("Approved").</summary>
public static class RecordColumns
{
    public const string Title = "Title";
    public const string EntryId = "EntryId";
    public const string PlanId = "PlanId";
    public const string ReleaseId = "PressReleaseId";
    public const string Version = "ReleaseVersion";
    public const string StateAfter = "StateAfter";
    public const string ActorId = "ActorObjectId";
    public const string ActorName = "ActorName";
    public const string At = "RecordedAt";
    public const string Comment = "RecordComment";
    public const string DocumentVersion = "DocumentVersion";
    /// <summary>What the entry is about (<c>PlanDocument</c>); empty on a press release's entries, as on those written before.</summary>
    public const string Subject = "RecordSubject";
    /// <summary>The plan document's file name, on the entries about a plan document.</summary>
    public const string Document = "RecordDocument";
}

/// <summary>The activity history's columns; the item's title names the fields changed.</summary>
public static class HistoryColumns
{
    public const string Title = "Title";
    public const string EntryId = "EntryId";
    public const string PlanId = "PlanId";
    public const string ActivityId = "ActivityId";
    public const string ActorId = "ActorObjectId";
    public const string ActorName = "ActorName";
    public const string At = "RecordedAt";
    public const string Changes = "HistoryChanges";
}

public static class DocumentColumns
{
    public const string PlanId = "PlanId";
    public const string DocumentStatus = "DocumentStatus";
    /// <summary>Who made the current version: the app writes as itself, so SharePoint's "Modified by" names the app.</summary>
    public const string ChangedBy = "DocumentChangedBy";
    /// <summary>SharePoint's own label of the current version ("3.0").</summary>
    public const string VersionLabel = "_UIVersionString";
}

/// <summary>
/// What the provision command creates on a site. Only the columns the app filters on are indexed (SharePoint
/// refuses filters on other columns once a list grows, and allows 20 indexes a list).
/// </summary>
public static class Layout
{
    public static IReadOnlyList<ListSpec> All(SharePointOptions options) =>
        [Activities(options), Plans(options), PressReleases(options), PressReleaseRecord(options), ActivityHistory(options), .. options.Libraries.Values.Distinct().Select(Library)];

    public static ListSpec Activities(SharePointOptions options) => new(options.ActivitiesList, "genericList",
    [
        Text(ActivityColumns.ActivityId, "Activity id", indexed: true, hidden: true),
        Text(ActivityColumns.PlanId, "Plan id", indexed: true, hidden: true),
        Date(ActivityColumns.PeriodFrom, "Period from"),
        Date(ActivityColumns.PeriodTo, "Period to"),
        Date(ActivityColumns.Deadline, "Deadline", indexed: true),
        Text(ActivityColumns.Unit, "Unit", indexed: true),
        Note(ActivityColumns.Description, "Description"),
        MultiChoice(ActivityColumns.Channels, "Channels"),
        MultiChoice(ActivityColumns.TargetGroups, "Target groups"),
        MultiChoice(ActivityColumns.Goals, "Goals"),
        new(ActivityColumns.Owner, "Owner", "personOrGroup", new JsonObject { ["chooseFromType"] = "peopleOnly", ["allowMultipleSelection"] = false }),
        Text(ActivityColumns.OwnerName, "Owner name"),
        Text(ActivityColumns.OwnerObjectId, "Owner object id", indexed: true, hidden: true),
        Text(ActivityColumns.FollowUpMetric, "Follow-up metric"),
        new(ActivityColumns.FollowUpFigure, "Follow-up figure", "number", new JsonObject { ["decimalPlaces"] = "automatic" }),
        new(ActivityColumns.Status, "Status", "choice", new JsonObject
        {
            ["allowTextEntry"] = false,
            ["displayAs"] = "dropDownMenu",
            ["choices"] = new JsonArray("Planned", "InProgress", "Done", "Cancelled"),
        }, Indexed: true),
        Date(ActivityColumns.CompletedOn, "Completed on"),
        Text(ActivityColumns.Recurrence, "Recurrence"),
        Note(ActivityColumns.Data, "CommPlan data", hidden: true),
    ]);

    public static ListSpec Plans(SharePointOptions options) => new(options.PlansList, "genericList",
    [
        Text(PlanColumns.PlanId, "Plan id", indexed: true, hidden: true),
        new(PlanColumns.Year, "Year", "number", new JsonObject { ["decimalPlaces"] = "none" }, Indexed: true),
        Text(PlanColumns.Organisation, "Organisation"),
        Text(PlanColumns.Department, "Department"),
        Note(PlanColumns.Goals, "Goals"),
        Note(PlanColumns.TargetGroups, "Target groups"),
        Note(PlanColumns.Channels, "Channels"),
        Note(PlanColumns.Units, "Units"),
        // Managed by the plan's communicators through the app, which checks it; hidden so it is not edited by hand.
        Note(PlanColumns.Roles, "Roles", hidden: true),
    ]);

    public static ListSpec PressReleases(SharePointOptions options) => new(options.PressReleasesList, "genericList",
    [
        Text(PressReleaseColumns.ReleaseId, "Press release id", indexed: true, hidden: true),
        Text(PressReleaseColumns.PlanId, "Plan id", indexed: true, hidden: true),
        Text(PressReleaseColumns.State, "Approval state", indexed: true),
        new(PressReleaseColumns.Version, "Version", "number", new JsonObject { ["decimalPlaces"] = "none" }),
        Text(PressReleaseColumns.Submitter, "Submitted by"),
        Text(PressReleaseColumns.PlannedSendAt, "Planned send time"),
        Note(PressReleaseColumns.Data, "CommPlan data", hidden: true),
        Note(PressReleaseColumns.LastEntry, "Last record entry", hidden: true),
    ]);

    /// <summary>The record: the app only ever adds items to it (site owners should give others read access only).</summary>
    public static ListSpec PressReleaseRecord(SharePointOptions options) => new(options.PressReleaseRecordList, "genericList",
    [
        Text(RecordColumns.EntryId, "Entry id", indexed: true, hidden: true),
        Text(RecordColumns.PlanId, "Plan id", indexed: true, hidden: true),
        Text(RecordColumns.ReleaseId, "Press release id", indexed: true),
        new(RecordColumns.Version, "Version", "number", new JsonObject { ["decimalPlaces"] = "none" }),
        Text(RecordColumns.StateAfter, "State after"),
        Text(RecordColumns.ActorId, "Actor object id", hidden: true),
        Text(RecordColumns.ActorName, "Actor"),
        Text(RecordColumns.At, "At (UTC)"),
        Note(RecordColumns.Comment, "Comment"),
        Text(RecordColumns.DocumentVersion, "Document version"),
        Text(RecordColumns.Subject, "Subject"),
        Text(RecordColumns.Document, "Plan document"),
    ]);

    /// <summary>The activities' history: the app only ever adds items to it (site owners should give others read access only).</summary>
    public static ListSpec ActivityHistory(SharePointOptions options) => new(options.ActivityHistoryList, "genericList",
    [
        Text(HistoryColumns.EntryId, "Entry id", indexed: true, hidden: true),
        Text(HistoryColumns.PlanId, "Plan id", indexed: true, hidden: true),
        Text(HistoryColumns.ActivityId, "Activity id", indexed: true),
        Text(HistoryColumns.ActorId, "Actor object id", hidden: true),
        Text(HistoryColumns.ActorName, "Changed by"),
        Text(HistoryColumns.At, "At (UTC)"),
        Note(HistoryColumns.Changes, "Changes"),
    ]);

    /// <summary>
    /// A document library. SharePoint Online turns major versioning on for new libraries, and Graph v1.0 has no
    /// setting for it, so the provision command relies on that default (check it if a site's policy differs).
    /// </summary>
    public static ListSpec Library(string name) => new(name, "documentLibrary",
    [
        Text(DocumentColumns.PlanId, "Plan id", indexed: true),
        Text(DocumentColumns.DocumentStatus, "Status"),
        Text(DocumentColumns.ChangedBy, "Changed by"),
    ]);

    private static ColumnSpec Text(string name, string display, bool indexed = false, bool hidden = false) =>
        new(name, display, "text", new JsonObject { ["allowMultipleLines"] = false, ["maxLength"] = 255 }, indexed, hidden);

    private static ColumnSpec Note(string name, string display, bool hidden = false) =>
        new(name, display, "text", new JsonObject { ["allowMultipleLines"] = true, ["textType"] = "plain", ["linesForEditing"] = 6 }, Hidden: hidden);

    private static ColumnSpec Date(string name, string display, bool indexed = false) =>
        new(name, display, "dateTime", new JsonObject { ["format"] = "dateOnly" }, indexed);

    // The plan's keys are the choices; text entry stays open so that a new plan year needs no column change.
    private static ColumnSpec MultiChoice(string name, string display) =>
        new(name, display, "choice", new JsonObject { ["allowTextEntry"] = true, ["displayAs"] = "checkBoxes", ["choices"] = new JsonArray() });
}
