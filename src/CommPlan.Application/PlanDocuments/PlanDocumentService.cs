using CommPlan.Application.Access;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Common;
using CommPlan.Domain.Plans;
using CommPlan.Domain.PressReleases;

namespace CommPlan.Application.PlanDocuments;

/// <summary>
/// Plan documents settings (PlanDocuments section): how large an uploaded document may be and which types the
/// organisation allows in the plan's library.
/// </summary>
public sealed class PlanDocumentOptions
{
    public const string Section = "PlanDocuments";

    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    public List<string> AllowedExtensions { get; set; } = [".docx", ".pdf", ".xlsx", ".pptx", ".odt"];

    public bool Allows(string name) =>
        AllowedExtensions.Any(e => string.Equals(Path.GetExtension(name), e.StartsWith('.') ? e : "." + e, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Why an upload was refused: too large, or of a type the organisation did not allow.</summary>
public enum UploadRefusal
{
    TooLarge,
    TypeNotAllowed,
}

public sealed class UploadRefusedException(UploadRefusal reason, string detail) : Exception(detail)
{
    public UploadRefusal Reason { get; } = reason;
}

/// <summary>What the communicator adds when generating: the language and the texts the plan itself does not hold.</summary>
public sealed record GenerateRequest(PlanDocumentWording Wording, string? Strategy = null, IReadOnlyList<MediaContact>? MediaContacts = null);

/// <summary>
/// The plan's documents in the "Plan documents" library: the generated plan document (one file per plan, a new
/// version each time), uploaded documents, their versions and their adoption. Everyone in the tenant reads them;
/// the plan's communicators write them. The organisation's template is kept in the same library, tied to no plan.
/// </summary>
public sealed class PlanDocumentService(
    IPlanStore plans, IActivityStore activities, IDocumentStore documents, IPressReleaseStore record, AccessGate gate, PlanDocumentOptions options,
    OrganisationClock clock)
{
    public const string Library = "plans";
    public const string TemplateName = "plan-template.docx";
    public const string WordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public PlanDocumentOptions Options => options;

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ReadPlan, ct);
        return (await documents.ListAsync(Library, ct)).Where(d => d.Metadata.PlanId == planId)
            .OrderByDescending(d => d.LastModified).ThenBy(d => d.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Writes the plan document as a draft: a new file the first time, a new version of it afterwards.</summary>
    public async Task<StoredDocument> GenerateAsync(Actor actor, Guid planId, GenerateRequest request, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ManagePlanSettings, ct);
        var errors = new ErrorCollector();
        errors.OptionalText("strategy", request.Strategy, 20_000);
        var contacts = request.MediaContacts ?? [];
        if (contacts.Count > 50) errors.Add("mediaContacts", ErrorCodes.TooMany, 50);
        for (var i = 0; i < contacts.Count; i++)
        {
            errors.RequiredText($"mediaContacts[{i}].name", contacts[i].Name, 200);
            errors.OptionalText($"mediaContacts[{i}].role", contacts[i].Role, 200);
            errors.OptionalText($"mediaContacts[{i}].email", contacts[i].Email, 254);
            errors.OptionalText($"mediaContacts[{i}].phone", contacts[i].Phone, 50);
        }
        errors.ThrowIfAny();
        var plan = await plans.GetAsync(planId, ct) ?? throw new NotFoundException("Plan " + planId);
        var rows = (await activities.ListAsync(planId, ct)).Select(a => a.Value).ToArray();
        var roles = (await plans.GetRolesAsync(planId, ct))?.Value ?? PlanRoles.Empty;
        var template = await TemplateAsync(ct) ?? PlanDocumentTemplate.Default(request.Wording);
        var content = new PlanDocumentContent(plan, rows, roles, PlanDocumentStatus.Draft, clock.Today, request.Strategy, contacts);
        var bytes = PlanDocumentWriter.Write(template, content, request.Wording);
        var name = await NameForAsync(plan, ct);
        return await documents.SaveAsync(Library, name, new MemoryStream(bytes), new DocumentMetadata(planId, PlanDocumentStatus.Draft, actor.DisplayName), ct);
    }

    public async Task<(StoredDocument Document, Stream Content)> OpenAsync(Actor actor, Guid planId, string name, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ReadPlan, ct);
        var document = await FindAsync(planId, name, ct);
        var content = await documents.OpenAsync(Library, document.Name, ct) ?? throw new NotFoundException("Document " + name);
        return (document, content);
    }

    public async Task<IReadOnlyList<DocumentVersion>> VersionsAsync(Actor actor, Guid planId, string name, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ReadPlan, ct);
        var document = await FindAsync(planId, name, ct);
        return await documents.ListVersionsAsync(Library, document.Name, ct) ?? throw new NotFoundException("Document " + name);
    }

    public async Task<Stream> OpenVersionAsync(Actor actor, Guid planId, string name, string version, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ReadPlan, ct);
        var document = await FindAsync(planId, name, ct);
        return await documents.OpenVersionAsync(Library, document.Name, version, ct) ?? throw new NotFoundException($"Version {version} of {name}");
    }

    /// <summary>
    /// Adds a document to the plan, or a new version of one of the plan's documents with that name. Checked in full
    /// before anything is written, so a refused upload leaves the library as it was.
    /// </summary>
    public async Task<StoredDocument> UploadAsync(Actor actor, Guid planId, string name, byte[] content, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ManagePlanSettings, ct);
        CheckUpload(name, content.LongLength);
        CheckName(name);
        var existing = (await documents.ListAsync(Library, ct)).FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null && existing.Metadata.PlanId != planId) throw new DuplicateException("Document " + name);
        return await documents.SaveAsync(Library, existing?.Name ?? name, new MemoryStream(content),
            new DocumentMetadata(planId, PlanDocumentStatus.Draft, actor.DisplayName), ct);
    }

    /// <summary>Refuses what the organisation does not take, before any byte is stored.</summary>
    public void CheckUpload(string name, long length)
    {
        if (length > options.MaxUploadBytes) throw new UploadRefusedException(UploadRefusal.TooLarge, $"At most {options.MaxUploadBytes} bytes.");
        if (!options.Allows(name))
            throw new UploadRefusedException(UploadRefusal.TypeNotAllowed, "Allowed: " + string.Join(", ", options.AllowedExtensions));
    }

    /// <summary>
    /// Marks the document adopted: a new version of it with the status, and an entry in the plan's append-only record
    /// naming who adopted which version of it and when.
    /// </summary>
    public async Task<StoredDocument> AdoptAsync(Actor actor, Guid planId, string name, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ManagePlanSettings, ct);
        var document = await FindAsync(planId, name, ct);
        StoredDocument adopted;
        await using (var content = await documents.OpenAsync(Library, document.Name, ct) ?? throw new NotFoundException("Document " + name))
            adopted = await documents.SaveAsync(Library, document.Name, content, new DocumentMetadata(planId, PlanDocumentStatus.Adopted, actor.DisplayName), ct);
        // Recorded once the version exists, as its label is known only then.
        await record.AppendAdoptionAsync(
            new AdoptionEntry(Guid.NewGuid(), planId, adopted.Name, adopted.Version, new Person(actor.ObjectId, actor.DisplayName), clock.Time.GetUtcNow()), ct);
        return adopted;
    }

    /// <summary>The adoptions of the plan's documents as the plan's record holds them, oldest first.</summary>
    public async Task<IReadOnlyList<AdoptionEntry>> AdoptionsAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ReadPlan, ct);
        return await record.ListAdoptionsAsync(planId, ct);
    }

    /// <summary>The organisation's template replaces the default for every plan; refused with a report when it cannot be used.</summary>
    /// <exception cref="TemplateRefusedException">Not a .docx, or a section is missing.</exception>
    public async Task<TemplateReport> SetTemplateAsync(Actor actor, Guid planId, byte[] template, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ManagePlanSettings, ct);
        if (template.LongLength > options.MaxUploadBytes) throw new UploadRefusedException(UploadRefusal.TooLarge, $"At most {options.MaxUploadBytes} bytes.");
        var report = PlanDocumentTemplate.Inspect(template);
        if (!report.IsUsable) throw new TemplateRefusedException(report);
        await documents.SaveAsync(Library, TemplateName, new MemoryStream(template), new DocumentMetadata(null, PlanDocumentStatus.Template, actor.DisplayName), ct);
        return report;
    }

    /// <summary>Goes back to the default template.</summary>
    public async Task<bool> RemoveTemplateAsync(Actor actor, Guid planId, CancellationToken ct)
    {
        await DemandAsync(actor, planId, Operation.ManagePlanSettings, ct);
        return await documents.DeleteAsync(Library, TemplateName, ct);
    }

    private async Task<byte[]?> TemplateAsync(CancellationToken ct)
    {
        await using var stream = await documents.OpenAsync(Library, TemplateName, ct);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    private async Task<StoredDocument> FindAsync(Guid planId, string name, CancellationToken ct) =>
        (await documents.ListAsync(Library, ct)).FirstOrDefault(d => d.Metadata.PlanId == planId && string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new NotFoundException("Document " + name);

    /// <summary>
    /// The plan document's file name: the plan's title with its year, so that people find it in the library; the
    /// department is added when another plan has a document of that name already.
    /// </summary>
    private async Task<string> NameForAsync(Plan plan, CancellationToken ct)
    {
        var year = plan.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stem = plan.Title.Contains(year, StringComparison.Ordinal) ? plan.Title : $"{plan.Title} {year}";
        var name = Clean(stem) + ".docx";
        var all = await documents.ListAsync(Library, ct);
        var taken = all.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        if (taken is null || taken.Metadata.PlanId == plan.Id) return name;
        var own = all.FirstOrDefault(d => d.Metadata.PlanId == plan.Id && d.Name.StartsWith(Clean(stem), StringComparison.OrdinalIgnoreCase) && d.Name.EndsWith(".docx", StringComparison.OrdinalIgnoreCase));
        return own?.Name ?? Clean($"{stem} {plan.Department}") + ".docx";
    }

    private static string Clean(string text)
    {
        var chars = text.Select(c => c is '"' or '*' or ':' or '<' or '>' or '?' or '/' or '\\' or '|' or '#' or '%' || char.IsControl(c) ? '-' : c).ToArray();
        var clean = new string(chars).Trim().TrimStart('.').Trim();
        return clean.Length > 150 ? clean[..150].Trim() : clean.Length == 0 ? "plan" : clean;
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.StartsWith('.') || name != Path.GetFileName(name) || name.Any(char.IsControl)
            || name.IndexOfAny(['"', '*', ':', '<', '>', '?', '/', '\\', '|', '#', '%']) >= 0 || string.Equals(name, TemplateName, StringComparison.OrdinalIgnoreCase))
            throw new DomainValidationException([new FieldError("name", ErrorCodes.Unparseable)]);
    }

    private async Task<PlanAccess> DemandAsync(Actor actor, Guid planId, Operation operation, CancellationToken ct)
    {
        var access = await gate.ForPlanAsync(actor, planId, ct);
        access.Demand(operation);
        return access;
    }
}
