namespace CommPlan.Host.Features.PressReleases;

/// <summary>The PressReleases section: the organisation's Word template, where documents go, and who is told.</summary>
public sealed class PressReleaseOptions
{
    public const string Section = "PressReleases";

    /// <summary>A .docx with placeholders (see <see cref="PressReleaseDocument"/>); empty: the app's own template.</summary>
    public string? TemplatePath { get; set; }

    /// <summary>The document library key (SharePoint: the "Press releases" library; embedded: a folder).</summary>
    public string Library { get; set; } = "press-releases";

    /// <summary>The committee chair's Entra object id: told of every approved release (seed 000 §7.2).</summary>
    public Guid? CommitteeChair { get; set; }
}
