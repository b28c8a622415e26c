namespace CommPlan.Host;

/// <summary>
/// Marker for the texts of the privacy notice, accessibility statement, terms and the footer that links them, in
/// Resources/TextLegal.resx (English), TextLegal.sv.resx and TextLegal.nb.resx.
/// </summary>
public sealed class TextLegal;
