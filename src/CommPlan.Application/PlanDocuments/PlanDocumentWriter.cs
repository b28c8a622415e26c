using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using CommPlan.Domain.Access;

namespace CommPlan.Application.PlanDocuments;

/// <summary>
/// Fills a plan document template with a plan: each section's content control (or placeholder paragraph) gets the
/// section's paragraphs, lists and tables; inline parts get their text. The result is a new .docx; the template is
/// left as it was.
/// </summary>
public static class PlanDocumentWriter
{
    /// <summary>Widths of the activity plan's columns (twentieths of a point), as the municipal table has them.</summary>
    private static readonly int[] ActivityColumnWidths = [1150, 1800, 2850, 2250, 2500, 1800, 2220];

    /// <exception cref="TemplateRefusedException">The template is not a .docx, or lacks a section.</exception>
    public static byte[] Write(byte[] template, PlanDocumentContent content, PlanDocumentWording wording)
    {
        var report = PlanDocumentTemplate.Inspect(template);
        if (!report.IsUsable) throw new TemplateRefusedException(report);

        using var stream = new MemoryStream();
        stream.Write(template);
        stream.Position = 0;
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            // An organisation's template may be a Word template (.dotx); what it makes is a document.
            if (document.DocumentType != WordprocessingDocumentType.Document) document.ChangeDocumentType(WordprocessingDocumentType.Document);
            var main = document.MainDocumentPart!;
            WordBuilder.EnsureBulletNumbering(main);
            var inline = InlineValues(content, wording);
            foreach (var root in PlanDocumentTemplate.Roots(document))
            {
                foreach (var sdt in root.Descendants<SdtElement>().ToList())
                {
                    var tag = PlanDocumentTemplate.TagOf(sdt);
                    if (tag is null) continue;
                    if (inline.TryGetValue(tag, out var text)) FillInline(sdt, text);
                    else if (PlanDocumentParts.Sections.Contains(tag) && sdt is SdtBlock block) FillSection(block, Section(tag, content, wording));
                }
                foreach (var paragraph in root.Descendants<Paragraph>().ToList())
                {
                    var text = paragraph.InnerText.Trim();
                    var section = PlanDocumentParts.Sections.FirstOrDefault(p => text == PlanDocumentParts.Placeholder(p));
                    if (section is not null && paragraph.Parent is not null)
                    {
                        foreach (var element in Section(section, content, wording)) paragraph.InsertBeforeSelf(element);
                        paragraph.Remove();
                    }
                    else if (text.Contains("{{", StringComparison.Ordinal)) ReplaceInline(paragraph, inline);
                }
                root.Save();
            }
            WordBuilder.Describe(document, $"{content.Plan.Title} {content.Plan.Year}", wording.Language);
            main.Document!.Save();
        }
        return stream.ToArray();
    }

    private static Dictionary<string, string> InlineValues(PlanDocumentContent content, PlanDocumentWording w) => new(StringComparer.Ordinal)
    {
        [PlanDocumentParts.Title] = content.Plan.Title,
        [PlanDocumentParts.Organisation] = content.Plan.Organisation,
        [PlanDocumentParts.Department] = content.Plan.Department,
        [PlanDocumentParts.Year] = content.Plan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [PlanDocumentParts.Status] = content.Status == PlanDocumentStatus.Adopted ? w.StatusAdopted : w.StatusDraft,
    };

    private static void FillInline(SdtElement sdt, string text)
    {
        sdt.SdtProperties?.RemoveAllChildren<ShowingPlaceholder>();
        switch (sdt)
        {
            case SdtRun run when run.SdtContentRun is { } contentRun:
                var properties = contentRun.Descendants<RunProperties>().FirstOrDefault()?.CloneNode(true);
                contentRun.RemoveAllChildren();
                var newRun = new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
                if (properties is not null) newRun.PrependChild(properties);
                contentRun.Append(newRun);
                break;
            case SdtBlock block when block.SdtContentBlock is { } contentBlock:
                var style = contentBlock.Descendants<ParagraphStyleId>().FirstOrDefault()?.Val?.Value;
                contentBlock.RemoveAllChildren();
                contentBlock.Append(WordBuilder.Para(text, style));
                break;
            case SdtCell cell when cell.SdtContentCell?.Descendants<Paragraph>().FirstOrDefault() is { } paragraph:
                paragraph.RemoveAllChildren<Run>();
                paragraph.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                break;
        }
    }

    private static void FillSection(SdtBlock block, IEnumerable<OpenXmlElement> elements)
    {
        block.SdtProperties?.RemoveAllChildren<ShowingPlaceholder>();
        var contentBlock = block.SdtContentBlock ?? block.AppendChild(new SdtContentBlock());
        contentBlock.RemoveAllChildren();
        foreach (var element in elements) contentBlock.Append(element);
    }

    /// <summary>
    /// Replaces <c>{{part}}</c> in a paragraph. Word often splits typed text over several runs, so when no single
    /// text element holds a whole placeholder the paragraph's runs are joined first (keeping the first run's look).
    /// </summary>
    private static void ReplaceInline(Paragraph paragraph, IReadOnlyDictionary<string, string> values)
    {
        string Replace(string text)
        {
            foreach (var (part, value) in values) text = text.Replace(PlanDocumentParts.Placeholder(part), value, StringComparison.Ordinal);
            return text;
        }
        var texts = paragraph.Descendants<Text>().ToList();
        foreach (var t in texts) t.Text = Replace(t.Text);
        if (!values.Keys.Any(k => paragraph.InnerText.Contains(PlanDocumentParts.Placeholder(k), StringComparison.Ordinal))) return;
        var runs = paragraph.Elements<Run>().ToList();
        if (runs.Count == 0) return;
        var joined = Replace(string.Concat(runs.Select(r => r.InnerText)));
        var first = runs[0];
        foreach (var run in runs.Skip(1)) run.Remove();
        first.RemoveAllChildren<Text>();
        first.Append(new Text(joined) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static IEnumerable<OpenXmlElement> Section(string part, PlanDocumentContent content, PlanDocumentWording w) => part switch
    {
        PlanDocumentParts.Goals => Bullets(content.Plan.Goals.Select(g => g.Name), w),
        PlanDocumentParts.TargetGroups => Bullets(content.Plan.TargetGroups.Select(g => g.Name), w),
        PlanDocumentParts.Channels => Bullets(content.Plan.Channels.Select(c => c.Name), w),
        PlanDocumentParts.Strategy => Strategy(content, w),
        PlanDocumentParts.Responsibilities => Responsibilities(content, w),
        PlanDocumentParts.MediaContacts => MediaContacts(content, w),
        PlanDocumentParts.ActivityPlan => [ActivityPlan(content, w)],
        _ => [],
    };

    private static IEnumerable<OpenXmlElement> Bullets(IEnumerable<string> items, PlanDocumentWording w)
    {
        var list = items.ToList();
        return list.Count == 0 ? [WordBuilder.Para(w.None)] : list.Select(WordBuilder.Bullet);
    }

    private static IEnumerable<OpenXmlElement> Strategy(PlanDocumentContent content, PlanDocumentWording w)
    {
        var written = (content.Strategy ?? "").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var paragraph in written) yield return WordBuilder.Para(paragraph);
        var units = content.Plan.Units.Where(u => !string.IsNullOrWhiteSpace(u.Challenge)).ToList();
        if (units.Count > 0)
        {
            yield return WordBuilder.Para(w.StrategyUnitsIntro, keepNext: true);
            foreach (var unit in units)
            {
                yield return WordBuilder.Para(unit.Name, bold: true, keepNext: true);
                yield return WordBuilder.Para(unit.Challenge!);
            }
        }
        else if (written.Length == 0) yield return WordBuilder.Para(w.StrategyNone);
    }

    private static IEnumerable<OpenXmlElement> Responsibilities(PlanDocumentContent content, PlanDocumentWording w)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var a in content.Roles.WithRole(PlanRole.Communicator)) rows.Add([w.Communicator, a.DisplayName]);
        foreach (var a in content.Roles.WithRole(PlanRole.Manager)) rows.Add([w.Manager, a.DisplayName]);
        foreach (var unit in content.Plan.Units)
        {
            var owners = content.Activities.Where(x => x.UnitKey == unit.Key && x.Owner is not null)
                .Select(x => x.Owner!.DisplayName).Distinct(StringComparer.CurrentCultureIgnoreCase).Order(StringComparer.CurrentCulture).ToList();
            if (owners.Count > 0) rows.Add([unit.Name, string.Join(", ", owners)]);
        }
        if (rows.Count == 0) return [WordBuilder.Para(w.None)];
        return [WordBuilder.Table([w.RoleColumn, w.PersonColumn], rows, [3000, 6000])];
    }

    private static IEnumerable<OpenXmlElement> MediaContacts(PlanDocumentContent content, PlanDocumentWording w)
    {
        var contacts = content.MediaContacts is { Count: > 0 } given
            ? given.Select(c => (IReadOnlyList<string>)[c.Name, c.Role ?? "", string.Join("\n", new[] { c.Email, c.Phone }.Where(x => !string.IsNullOrWhiteSpace(x)))]).ToList()
            : content.Roles.WithRole(PlanRole.Communicator).Where(a => a.Kind == PrincipalKind.User)
                .Select(a => (IReadOnlyList<string>)[a.DisplayName, w.Communicator, ""]).ToList();
        if (contacts.Count == 0) return [WordBuilder.Para(w.None)];
        return [WordBuilder.Table([w.NameColumn, w.RoleColumn, w.ContactColumn], contacts, [3000, 3000, 3000])];
    }

    private static Table ActivityPlan(PlanDocumentContent content, PlanDocumentWording w)
    {
        var plan = content.Plan;
        string Names(IEnumerable<string> keys, Func<string, string?> name) => string.Join(", ", keys.Select(k => name(k) ?? k));
        var rows = content.Activities
            .OrderBy(a => a.Period.From).ThenBy(a => plan.Units.ToList().FindIndex(u => u.Key == a.UnitKey)).ThenBy(a => a.Title, StringComparer.CurrentCulture)
            .Select(a =>
            {
                var groups = Names(a.TargetGroups, k => plan.TargetGroups.FirstOrDefault(t => t.Key == k)?.Name);
                var goals = Names(a.Goals, k => plan.Goals.FirstOrDefault(g => g.Key == k)?.Name);
                return (IReadOnlyList<string>)
                [
                    PeriodText.Of(a, w),
                    plan.FindUnit(a.UnitKey)?.Name ?? a.UnitKey,
                    string.IsNullOrWhiteSpace(a.Description) ? a.Title : a.Title + "\n" + a.Description,
                    Names(a.Channels, k => plan.Channels.FirstOrDefault(c => c.Key == k)?.Name),
                    string.Join("\n", new[] { goals, groups }.Where(x => x.Length > 0)),
                    a.Owner?.DisplayName ?? "",
                    a.FollowUpMetric ?? "",
                ];
            });
        return WordBuilder.Table(
            [w.ColumnTime, w.ColumnUnit, w.ColumnActivity, w.ColumnChannels, w.ColumnGoalTargetGroup, w.ColumnResponsible, w.ColumnFollowUp],
            rows, ActivityColumnWidths);
    }
}

/// <summary>Where a plan document stands, in the library's status column.</summary>
public static class PlanDocumentStatus
{
    public const string Draft = "Draft";
    public const string Adopted = "Adopted";
    /// <summary>The organisation's template, kept in the same library, belonging to no plan.</summary>
    public const string Template = "Template";
}
