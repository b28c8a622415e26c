namespace CommPlan.Host;

/// <summary>
/// Marker for the texts of plan documents (the Word document's own words, the documents page, the follow-up report)
/// in Resources/TextPlanDocuments.resx (English), TextPlanDocuments.sv.resx and TextPlanDocuments.nb.resx.
/// </summary>
public sealed class TextPlanDocuments;
