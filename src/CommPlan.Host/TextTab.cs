namespace CommPlan.Host;

/// <summary>
/// Marker for the texts of the plan tab's views (year, list, activity, goals, follow-up, my activities), in
/// Resources/TextTab.resx (English), TextTab.sv.resx and TextTab.nb.resx.
/// </summary>
public sealed class TextTab;
