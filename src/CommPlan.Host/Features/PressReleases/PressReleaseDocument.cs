using System.Globalization;
using CommPlan.Domain.PressReleases;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace CommPlan.Host.Features.PressReleases;

/// <summary>
/// The release as a Word document, from the organisation's template (seed 000 §7.2: releases follow the municipality's
/// template). A template is any .docx with placeholders such as {{Title}}, {{Lead}}, {{Body}}, {{PlannedSendAt}},
/// {{Contact}}, {{Unit}}, {{Submitter}}, {{Version}} and {{State}}, each alone in its paragraph or inside a sentence.
/// Without a configured template the app's own plain one is used.
/// </summary>
public sealed class PressReleaseDocument(PressReleaseOptions options)
{
    public static readonly string[] Placeholders = ["Title", "Lead", "Body", "PlannedSendAt", "Contact", "Unit", "Submitter", "Version", "State"];

    public byte[] Write(PressRelease release, string? unitName, TimeZoneInfo timeZone, CultureInfo culture)
    {
        using var buffer = new MemoryStream();
        if (options.TemplatePath is { Length: > 0 } path)
        {
            using var template = File.OpenRead(path);
            template.CopyTo(buffer);
        }
        else WriteDefaultTemplate(buffer);
        buffer.Position = 0;
        using (var document = WordprocessingDocument.Open(buffer, isEditable: true))
        {
            var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("The press-release template has no document body.");
            var values = Values(release, unitName, timeZone, culture);
            foreach (var paragraph in body.Descendants<Paragraph>().ToArray()) Fill(paragraph, values);
            document.PackageProperties.Title = release.Content.Title;
            document.PackageProperties.Creator = release.Submitter.Name;
            document.PackageProperties.Version = release.Version.ToString(CultureInfo.InvariantCulture);
        }
        return buffer.ToArray();
    }

    private static Dictionary<string, string> Values(PressRelease r, string? unitName, TimeZoneInfo timeZone, CultureInfo culture) => new()
    {
        ["Title"] = r.Content.Title,
        ["Lead"] = r.Content.Lead,
        ["Body"] = r.Content.Body,
        ["PlannedSendAt"] = TimeZoneInfo.ConvertTime(r.Content.PlannedSendAt, timeZone).ToString("g", culture),
        ["Contact"] = r.Content.Contact,
        ["Unit"] = unitName ?? r.Content.UnitKey ?? "",
        ["Submitter"] = r.Submitter.Name,
        ["Version"] = r.Version.ToString(CultureInfo.InvariantCulture),
        ["State"] = r.State.ToString(),
    };

    /// <summary>
    /// Replaces the placeholders of one paragraph. Word splits text into runs at will, so the paragraph's text is
    /// read whole; a paragraph with a placeholder becomes one run in the first run's formatting, and a value with
    /// line breaks becomes line breaks.
    /// </summary>
    private static void Fill(Paragraph paragraph, Dictionary<string, string> values)
    {
        var runs = paragraph.Elements<Run>().ToArray();
        var text = string.Concat(runs.Select(r => string.Concat(r.Elements<WordText>().Select(t => t.Text))));
        if (!text.Contains("{{", StringComparison.Ordinal)) return;
        var filled = text;
        foreach (var (name, value) in values) filled = filled.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        if (filled == text) return;
        var properties = runs.FirstOrDefault()?.RunProperties?.CloneNode(true);
        foreach (var run in runs) run.Remove();
        var replacement = new Run();
        if (properties is not null) replacement.Append(properties);
        var lines = filled.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) replacement.Append(new Break());
            replacement.Append(new WordText(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        paragraph.Append(replacement);
    }

    /// <summary>The app's own template: heading, lead in bold, body, and the facts below.</summary>
    private static void WriteDefaultTemplate(Stream stream)
    {
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        main.Document = new Document(new Body(
            Paragraph("{{Title}}", bold: true, size: "36"),
            Paragraph("{{Lead}}", bold: true),
            Paragraph("{{Body}}"),
            Paragraph(""),
            Paragraph("{{Contact}}"),
            Paragraph("{{Unit}} · {{PlannedSendAt}}", size: "18"),
            Paragraph("{{Submitter}} · v{{Version}} · {{State}}", size: "18")));
        main.Document.Save();
    }

    private static Paragraph Paragraph(string text, bool bold = false, string? size = null)
    {
        var properties = new RunProperties();
        if (bold) properties.Append(new Bold());
        if (size is not null) properties.Append(new FontSize { Val = size });
        return new Paragraph(new Run(properties, new WordText(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
