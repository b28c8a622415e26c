namespace CommPlan.Host;

/// <summary>Marker for the localized texts in Resources/Text.resx (English), Text.sv.resx and Text.nb.resx.</summary>
public sealed class Text;
