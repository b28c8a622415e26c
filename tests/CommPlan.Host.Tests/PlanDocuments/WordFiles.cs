using CommPlan.Application.PlanDocuments;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace CommPlan.Host.Tests.PlanDocuments;

/// <summary>Word documents as an organisation writes its template, and reading back what the app wrote.</summary>
internal static class WordFiles
{
    /// <summary>
    /// An organisation's template: its own heading and logo line, each section a paragraph holding only its
    /// placeholder, except the goals, which are a tagged content control; the title typed over several runs.
    /// </summary>
    public static byte[] OrganisationTemplate(IEnumerable<string>? leaveOut = null)
    {
        var skip = new HashSet<string>(leaveOut ?? []);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body(
                new Paragraph(new Run(new W.Text("Piteå kommuns mall"))),
                // Word splits what people type into runs: "{{ti" + "tle}}".
                new Paragraph(new Run(new W.Text("Plan: {{ti")), new Run(new RunProperties(new Bold()), new W.Text("tle}}"))));
            foreach (var part in PlanDocumentParts.Sections.Where(p => !skip.Contains(p)))
            {
                body.Append(new Paragraph(new Run(new W.Text("Rubrik " + part))));
                body.Append(part == PlanDocumentParts.Goals
                    ? new SdtBlock(new SdtProperties(new Tag { Val = part }, new ShowingPlaceholder()),
                        new SdtContentBlock(new Paragraph(new Run(new W.Text("Klicka här för målen")))))
                    : new Paragraph(new Run(new W.Text(PlanDocumentParts.Placeholder(part)))));
            }
            body.Append(new SectionProperties());
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    public static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), false);

    public static string? Section(WordprocessingDocument document, string tag) =>
        document.MainDocumentPart!.Document!.Descendants<SdtBlock>().FirstOrDefault(s => s.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value == tag)?.InnerText;

    public static IReadOnlyList<string> Headings(WordprocessingDocument document) =>
        document.MainDocumentPart!.Document!.Descendants<Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value is "Heading1")
            .Select(p => p.InnerText).ToArray();

    /// <summary>The table whose header row names the activity plan's columns, row by row, cell texts.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ActivityTable(WordprocessingDocument document, string firstHeader) =>
        document.MainDocumentPart!.Document!.Descendants<Table>()
            .First(t => t.Elements<TableRow>().First().Elements<TableCell>().First().InnerText == firstHeader)
            .Elements<TableRow>().Select(r => (IReadOnlyList<string>)r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToArray();

    public static bool HeaderRowRepeats(WordprocessingDocument document, string firstHeader) =>
        document.MainDocumentPart!.Document!.Descendants<Table>()
            .First(t => t.Elements<TableRow>().First().Elements<TableCell>().First().InnerText == firstHeader)
            .Elements<TableRow>().First().TableRowProperties?.GetFirstChild<TableHeader>() is not null;

    public static string? Language(WordprocessingDocument document) =>
        document.MainDocumentPart!.StyleDefinitionsPart?.Styles?.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle?.GetFirstChild<Languages>()?.Val?.Value;
}
