using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CommPlan.Application.PlanDocuments;

/// <summary>
/// Small pieces of WordprocessingML the plan document and the follow-up report are made of: styled paragraphs,
/// bullet lists, tables whose header row repeats on every page, and the styles and numbering they rely on.
/// Tables carry their own borders and widths, so they look the same in an organisation's template without our styles.
/// </summary>
public static class WordBuilder
{
    public const string BulletNumberingId = "9041";
    private const int BulletAbstractId = 9041;

    public static Paragraph Para(string text, string? style = null, bool bold = false, bool keepNext = false)
    {
        var properties = new ParagraphProperties();
        if (style is not null) properties.Append(new ParagraphStyleId { Val = style });
        if (keepNext) properties.Append(new KeepNext());
        var paragraph = new Paragraph();
        if (properties.HasChildren) paragraph.Append(properties);
        paragraph.Append(TextRuns(text, bold));
        return paragraph;
    }

    /// <summary>Runs for text that may hold line breaks, which become breaks in the run rather than lost spaces.</summary>
    public static IEnumerable<Run> TextRuns(string text, bool bold = false)
    {
        var run = new Run();
        if (bold) run.Append(new RunProperties(new Bold()));
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        yield return run;
    }

    public static Paragraph Bullet(string text) => new(
        new ParagraphProperties(
            new ParagraphStyleId { Val = "ListParagraph" },
            new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = int.Parse(BulletNumberingId) }),
            new SpacingBetweenLines { After = "60" }),
        TextRuns(text).First());

    public static Paragraph PageBreak() => new(new Run(new Break { Type = BreakValues.Page }));

    /// <summary>
    /// A table spanning the text width: a header row marked as such (repeated on every page, read as headers by
    /// screen readers) and rows that are not split across pages.
    /// </summary>
    public static Table Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int>? widths = null)
    {
        var total = widths?.Sum() ?? headers.Count * 2000;
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                new RightBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "808080" },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "808080" }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(
                new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa }),
            new TableLook { Val = "0420", FirstRow = true, FirstColumn = false, NoVerticalBand = true }));
        var grid = new TableGrid();
        for (var i = 0; i < headers.Count; i++) grid.Append(new GridColumn { Width = (widths?[i] ?? 2000).ToString() });
        table.Append(grid);

        var header = new TableRow(new TableRowProperties(new TableHeader(), new CantSplit()));
        for (var i = 0; i < headers.Count; i++) header.Append(Cell(headers[i], widths?[i] ?? 2000, total, isHeader: true));
        table.Append(header);
        foreach (var row in rows)
        {
            var tr = new TableRow(new TableRowProperties(new CantSplit()));
            for (var i = 0; i < headers.Count; i++) tr.Append(Cell(i < row.Count ? row[i] : "", widths?[i] ?? 2000, total, isHeader: false));
            table.Append(tr);
        }
        return table;
    }

    private static TableCell Cell(string text, int width, int total, bool isHeader)
    {
        var properties = new TableCellProperties(new TableCellWidth { Width = (width * 5000 / total).ToString(), Type = TableWidthUnitValues.Pct });
        if (isHeader) properties.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "DCE6F0" });
        var paragraph = new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0" }));
        paragraph.Append(TextRuns(text, bold: isHeader));
        return new TableCell(properties, paragraph);
    }

    /// <summary>Gives the document a bullet list definition of its own, under an id no template is likely to use.</summary>
    public static void EnsureBulletNumbering(MainDocumentPart main)
    {
        var part = main.NumberingDefinitionsPart ?? main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering ??= new Numbering();
        var numbering = part.Numbering;
        if (numbering.Elements<NumberingInstance>().Any(n => n.NumberID?.Value == int.Parse(BulletNumberingId))) return;
        var abstractNum = new AbstractNum(
            new MultiLevelType { Val = MultiLevelValues.SingleLevel },
            new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = NumberFormatValues.Bullet },
                new LevelText { Val = "•" },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
            { LevelIndex = 0 })
        { AbstractNumberId = BulletAbstractId };
        // Abstract definitions come before the instances that use them.
        var firstInstance = numbering.Elements<NumberingInstance>().FirstOrDefault();
        if (firstInstance is null) numbering.Append(abstractNum);
        else numbering.InsertBefore(abstractNum, firstInstance);
        numbering.Append(new NumberingInstance(new AbstractNumId { Val = BulletAbstractId }) { NumberID = int.Parse(BulletNumberingId) });
    }

    /// <summary>The styles of the default documents: a plain municipal look, headings that are real headings.</summary>
    public static Styles DefaultStyles(string language)
    {
        static Style Paragraph(string id, string name, string? basedOn, StyleRunProperties run, StyleParagraphProperties? paragraph = null, int? outline = null)
        {
            var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
            style.Append(new StyleName { Val = name });
            if (basedOn is not null) style.Append(new BasedOn { Val = basedOn });
            style.Append(new NextParagraphStyle { Val = "Normal" });
            style.Append(new PrimaryStyle());
            paragraph ??= new StyleParagraphProperties();
            if (outline is not null) paragraph.Append(new OutlineLevel { Val = outline });
            style.Append(paragraph);
            style.Append(run);
            return style;
        }

        var normal = new Style { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true };
        normal.Append(new StyleName { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }));

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial", EastAsia = "Arial" },
                    new FontSize { Val = "21" }, new FontSizeComplexScript { Val = "21" },
                    new Languages { Val = language, EastAsia = language, Bidi = language })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120" }))),
            normal,
            Paragraph("Title", "Title", "Normal", new StyleRunProperties(new Bold(), new Color { Val = "1F3864" }, new FontSize { Val = "52" }),
                new StyleParagraphProperties(new SpacingBetweenLines { Before = "2400", After = "240" })),
            Paragraph("Subtitle", "Subtitle", "Normal", new StyleRunProperties(new Color { Val = "404040" }, new FontSize { Val = "30" }),
                new StyleParagraphProperties(new SpacingBetweenLines { After = "960" })),
            Paragraph("Heading1", "heading 1", "Normal", new StyleRunProperties(new Bold(), new Color { Val = "1F3864" }, new FontSize { Val = "32" }),
                new StyleParagraphProperties(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = "360", After = "120" }), outline: 0),
            Paragraph("Heading2", "heading 2", "Normal", new StyleRunProperties(new Bold(), new Color { Val = "1F3864" }, new FontSize { Val = "25" }),
                new StyleParagraphProperties(new KeepNext(), new KeepLines(), new SpacingBetweenLines { Before = "240", After = "80" }), outline: 1),
            Paragraph("ListParagraph", "List Paragraph", "Normal", new StyleRunProperties(),
                new StyleParagraphProperties(new Indentation { Left = "720" }, new ContextualSpacing())),
            Paragraph("Footer", "footer", "Normal", new StyleRunProperties(new Color { Val = "595959" }, new FontSize { Val = "16" }),
                new StyleParagraphProperties(new SpacingBetweenLines { After = "0" })));
    }

    /// <summary>A footer with the document's name and the page number, on every page of every section.</summary>
    public static void AddFooter(MainDocumentPart main, string text)
    {
        var footerPart = main.AddNewPart<FooterPart>();
        footerPart.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }),
            // One line for portrait and landscape pages alike: a tab stop would sit mid-page in the landscape appendix.
            new Run(new Text(text + " · ") { Space = SpaceProcessingModeValues.Preserve }),
            new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " }));
        var id = main.GetIdOfPart(footerPart);
        foreach (var section in main.Document!.Descendants<SectionProperties>())
            section.PrependChild(new FooterReference { Type = HeaderFooterValues.Default, Id = id });
    }

    public static SectionProperties Portrait() => new(
        new PageSize { Width = 11906, Height = 16838 },
        new PageMargin { Top = 1418, Bottom = 1418, Left = 1418, Right = 1418, Header = 709, Footer = 709, Gutter = 0 });

    public static SectionProperties Landscape() => new(
        new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape },
        new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 567, Footer = 567, Gutter = 0 });

    /// <summary>Marks the package with the document's title and language, which search and screen readers read.</summary>
    public static void Describe(WordprocessingDocument document, string title, string language)
    {
        document.PackageProperties.Title = title;
        document.PackageProperties.Language = language;
        var settings = document.MainDocumentPart!.DocumentSettingsPart ?? document.MainDocumentPart.AddNewPart<DocumentSettingsPart>();
        settings.Settings ??= new Settings();
        // Word reads settings in schema order: change the language where it stands, append only to empty settings.
        if (settings.Settings.GetFirstChild<ThemeFontLanguages>() is { } existing) existing.Val = language;
        else if (!settings.Settings.HasChildren) settings.Settings.Append(new ThemeFontLanguages { Val = language });
    }
}
