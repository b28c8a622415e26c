namespace CommPlan.Host;

/// <summary>
/// Marker for the texts of press-release approvals (cards and the tab page), in Resources/TextPressReleases.resx
/// (English), TextPressReleases.sv.resx and TextPressReleases.nb.resx.
/// </summary>
public sealed class TextPressReleases;
