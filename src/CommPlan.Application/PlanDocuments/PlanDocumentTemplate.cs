using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommPlan.Application.PlanDocuments;

/// <summary>Why a template was refused: not a Word document at all, or without parts the generator needs.</summary>
public sealed record TemplateReport(bool IsWordDocument, IReadOnlyList<string> Found, IReadOnlyList<string> Missing)
{
    public bool IsUsable => IsWordDocument && Missing.Count == 0;
}

/// <summary>A template that cannot make a plan document; <see cref="Report"/> says what is wrong.</summary>
public sealed class TemplateRefusedException(TemplateReport report)
    : Exception(report.IsWordDocument ? "The template lacks " + string.Join(", ", report.Missing) + "." : "The template is not a Word document (.docx).")
{
    public TemplateReport Report { get; } = report;
}

/// <summary>
/// Plan document templates: the default one (sv, nb, en, following the structure of a municipal communication plan
/// with the activity plan as its appendix) and the organisation's own, in which each part is a content control
/// tagged with the part's name or a paragraph holding only its placeholder, <c>{{goals}}</c>.
/// </summary>
public static class PlanDocumentTemplate
{
    /// <summary>Which parts the template has and lacks; never throws for a bad file.</summary>
    public static TemplateReport Inspect(byte[] template)
    {
        try
        {
            using var stream = new MemoryStream(template, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            if (document.MainDocumentPart?.Document?.Body is null) return new TemplateReport(false, [], PlanDocumentParts.Sections);
            var found = PartsIn(document).ToHashSet(StringComparer.Ordinal);
            var all = PlanDocumentParts.Sections.Concat(PlanDocumentParts.Inline);
            return new TemplateReport(true, all.Where(found.Contains).ToArray(), PlanDocumentParts.Sections.Where(p => !found.Contains(p)).ToArray());
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException or ArgumentException or FileFormatException)
        {
            return new TemplateReport(false, [], PlanDocumentParts.Sections);
        }
    }

    internal static IEnumerable<string> PartsIn(WordprocessingDocument document)
    {
        foreach (var root in Roots(document))
        {
            foreach (var sdt in root.Descendants<SdtElement>())
                if (TagOf(sdt) is { } tag) yield return tag;
            foreach (var paragraph in root.Descendants<Paragraph>())
            {
                var text = paragraph.InnerText;
                foreach (var part in PlanDocumentParts.Sections.Concat(PlanDocumentParts.Inline))
                    if (text.Contains(PlanDocumentParts.Placeholder(part), StringComparison.Ordinal)) yield return part;
            }
        }
    }

    internal static IEnumerable<OpenXmlPartRootElement> Roots(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart!;
        yield return main.Document!;
        foreach (var header in main.HeaderParts) if (header.Header is not null) yield return header.Header;
        foreach (var footer in main.FooterParts) if (footer.Footer is not null) yield return footer.Footer;
    }

    internal static string? TagOf(SdtElement sdt) => sdt.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value?.Trim().ToLowerInvariant();

    /// <summary>The default template in the wording's language: title page, the plan's sections, the appendix in landscape.</summary>
    public static byte[] Default(PlanDocumentWording w)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = WordBuilder.DefaultStyles(w.Language);
            var id = 1;
            SdtBlock Section(string tag, string alias) => new(
                new SdtProperties(new SdtAlias { Val = alias }, new Tag { Val = tag }, new SdtId { Val = id++ }),
                new SdtContentBlock(WordBuilder.Para(PlanDocumentParts.Placeholder(tag))));
            SdtRun Inline(string tag, string alias) => new(
                new SdtProperties(new SdtAlias { Val = alias }, new Tag { Val = tag }, new SdtId { Val = id++ }),
                new SdtContentRun(new Run(new Text(PlanDocumentParts.Placeholder(tag)))));
            Paragraph Heading(string text, int level = 1) => WordBuilder.Para(text, level == 1 ? "Heading1" : "Heading2");
            TableRow InfoRow(string label, OpenXmlElement value) => new(
                new TableCell(new TableCellProperties(new TableCellWidth { Width = "1500", Type = TableWidthUnitValues.Pct },
                        new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "F2F2F2" }),
                    new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }), WordBuilder.TextRuns(label, bold: true).First())),
                new TableCell(new TableCellProperties(new TableCellWidth { Width = "3500", Type = TableWidthUnitValues.Pct }),
                    new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "0" }), value)));

            var info = new Table(
                new TableProperties(
                    new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                    new TableBorders(
                        new TopBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                        new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                        new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "BFBFBF" }),
                    new TableCaption { Val = w.DocumentInformation },
                    new TableLook { Val = "0000", FirstRow = false, FirstColumn = true, NoVerticalBand = true }),
                new TableGrid(new GridColumn { Width = "2700" }, new GridColumn { Width = "6300" }),
                InfoRow(w.DocumentType, new Run(new Text(w.DocumentTypeValue))),
                InfoRow(w.OrganisationLabel, new Run()),
                InfoRow(w.YearLabel, Inline(PlanDocumentParts.Year, w.YearLabel)),
                InfoRow(w.StatusLabel, Inline(PlanDocumentParts.Status, w.StatusLabel)));
            // The organisation row holds two inline parts: organisation and department.
            var orgParagraph = info.Elements<TableRow>().ElementAt(1).Elements<TableCell>().ElementAt(1).GetFirstChild<Paragraph>()!;
            orgParagraph.RemoveAllChildren<Run>();
            orgParagraph.Append(Inline(PlanDocumentParts.Organisation, w.OrganisationLabel), new Run(new Text(", ") { Space = SpaceProcessingModeValues.Preserve }),
                Inline(PlanDocumentParts.Department, w.OrganisationLabel));

            var sections = new (string Tag, string Heading, string Intro)[]
            {
                (PlanDocumentParts.Goals, w.GoalsHeading, w.GoalsIntro),
                (PlanDocumentParts.TargetGroups, w.TargetGroupsHeading, w.TargetGroupsIntro),
                (PlanDocumentParts.Channels, w.ChannelsHeading, w.ChannelsIntro),
                (PlanDocumentParts.Strategy, w.StrategyHeading, ""),
                (PlanDocumentParts.Responsibilities, w.ResponsibilitiesHeading, w.ResponsibilitiesIntro),
                (PlanDocumentParts.MediaContacts, w.MediaContactsHeading, w.MediaContactsIntro),
            };

            var body = new Body(
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }), Inline(PlanDocumentParts.Title, w.DocumentType)),
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Subtitle" }),
                    Inline(PlanDocumentParts.Organisation, w.OrganisationLabel), new Run(new Text(" · ") { Space = SpaceProcessingModeValues.Preserve }),
                    Inline(PlanDocumentParts.Year, w.YearLabel)),
                WordBuilder.Para(w.DocumentInformation, "Heading2"),
                info,
                WordBuilder.Para(w.Contents, "Heading2"));
            var n = 1;
            foreach (var (_, heading, _) in sections) body.Append(WordBuilder.Para($"{n++}  {heading}", "ListParagraph"));
            var appendix = $"{w.ActivityPlanHeading} {PlanDocumentParts.Placeholder(PlanDocumentParts.Year)}";
            body.Append(WordBuilder.Para(appendix, "ListParagraph"));
            body.Append(WordBuilder.PageBreak());
            n = 1;
            foreach (var (tag, heading, intro) in sections)
            {
                body.Append(Heading($"{n++}  {heading}"));
                if (intro.Length > 0) body.Append(WordBuilder.Para(intro));
                body.Append(Section(tag, heading));
            }
            // The appendix is a section of its own in landscape: seven columns need the width.
            body.Append(new Paragraph(new ParagraphProperties(WordBuilder.Portrait())));
            body.Append(Heading(appendix));
            body.Append(WordBuilder.Para(w.ActivityPlanIntro));
            body.Append(Section(PlanDocumentParts.ActivityPlan, w.ActivityPlanHeading));
            body.Append(WordBuilder.Landscape());
            main.Document = new Document(body);
            WordBuilder.EnsureBulletNumbering(main);
            WordBuilder.AddFooter(main, $"{PlanDocumentParts.Placeholder(PlanDocumentParts.Title)} · {PlanDocumentParts.Placeholder(PlanDocumentParts.Status)}");
        }
        return stream.ToArray();
    }
}
