using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.PlanDocuments;
using CommPlan.Application.Plans;
using CommPlan.Application.Storage;
using CommPlan.Domain.Access;
using CommPlan.Domain.Plans;
using CommPlan.Domain.PressReleases;
using CommPlan.Host.Features.PlanDocuments;
using CommPlan.Host.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Pages.Plans;

/// <summary>
/// /plans/{id}/documents: the plan's documents in the organisation's library: list, open, versions; communicators
/// also write the plan document, upload documents and mark one adopted. Forms work without script (antiforgery on
/// every post); every change goes through <see cref="PlanDocumentService"/>, which decides who may.
/// </summary>
public sealed class DocumentsModel(PlanDocumentService documents, PlanService plans, OrganisationClock clock, IStringLocalizer<TextPlanDocuments> text, IStringLocalizer<Text> common) : PageModel
{
    /// <summary>A moment as the organisation's people read it: in its time zone, whatever the server's.</summary>
    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, clock.TimeZone);

    [FromRoute(Name = "id")]
    public Guid PlanId { get; set; }

    /// <summary>The document whose versions are shown, if any.</summary>
    [FromQuery(Name = "versions")]
    public string? VersionsOf { get; set; }

    public bool SignedIn { get; private set; }
    public string? Refusal { get; private set; }
    public string? Notice { get; private set; }
    public string? Problem { get; private set; }
    public Plan? Plan { get; private set; }
    public bool MayWrite { get; private set; }
    public IReadOnlyList<StoredDocument> Documents { get; private set; } = [];
    public IReadOnlyList<DocumentVersion> Versions { get; private set; } = [];

    /// <summary>The latest adoption of each document the plan's record holds, by file name.</summary>
    public IReadOnlyDictionary<string, AdoptionEntry> Adoptions { get; private set; } = new Dictionary<string, AdoptionEntry>();
    public PlanDocumentOptions Options => documents.Options;

    public string DownloadUrl(string name) => $"/api/plans/{PlanId}/documents/{Uri.EscapeDataString(name)}/content";

    public string VersionUrl(string name, string label) => $"/api/plans/{PlanId}/documents/{Uri.EscapeDataString(name)}/versions/{Uri.EscapeDataString(label)}/content";

    public string StatusText(string? status) => status switch
    {
        PlanDocumentStatus.Draft => text["Doc_StatusDraft"],
        PlanDocumentStatus.Adopted => text["Doc_StatusAdopted"],
        null => "",
        _ => status,
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Actor() is { } actor) await LoadAsync(actor, ct);
    }

    public async Task<IActionResult> OnPostGenerateAsync([FromForm] string? language, [FromServices] PlanDocumentWordings wordings, CancellationToken ct)
    {
        if (Actor() is not { } actor) return Page();
        try
        {
            var saved = await documents.GenerateAsync(actor, PlanId, new GenerateRequest(wordings.For(PlanDocumentWordings.Choose(language))), ct);
            Notice = text["Page_Saved", saved.Name];
        }
        catch (TemplateRefusedException e)
        {
            Problem = text["Problem_template_refused"] + " " + string.Join(", ", e.Report.Missing);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        catch (AccessDeniedException e)
        {
            Refuse(e.Reason);
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (Actor() is not { } actor) return Page();
        try
        {
            if (file is null || file.Length == 0)
            {
                Problem = text["Page_NoFile"];
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            else
            {
                var name = Path.GetFileName(file.FileName);
                documents.CheckUpload(name, file.Length);
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var saved = await documents.UploadAsync(actor, PlanId, name, buffer.ToArray(), ct);
                Notice = text["Page_Saved", saved.Name];
            }
        }
        catch (UploadRefusedException e)
        {
            Problem = e.Reason == UploadRefusal.TooLarge
                ? text["Page_TooLarge", Options.MaxUploadBytes / (1024 * 1024)]
                : text["Page_TypeNotAllowed", string.Join(", ", Options.AllowedExtensions)];
            Response.StatusCode = e.Reason == UploadRefusal.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status415UnsupportedMediaType;
        }
        catch (DuplicateException)
        {
            Problem = text["Page_Duplicate"];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (AccessDeniedException e)
        {
            Refuse(e.Reason);
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAdoptAsync([FromForm] string name, CancellationToken ct)
    {
        if (Actor() is not { } actor) return Page();
        try
        {
            var saved = await documents.AdoptAsync(actor, PlanId, name, ct);
            Notice = text["Page_Saved", saved.Name];
        }
        catch (AccessDeniedException e)
        {
            Refuse(e.Reason);
        }
        await LoadAsync(actor, ct);
        return Page();
    }

    private Actor? Actor()
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        return SignedIn ? ActorClaims.FromUser(User) : null;
    }

    private void Refuse(RefusalReason reason)
    {
        Refusal = common["Denied_" + reason];
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    private async Task LoadAsync(Actor actor, CancellationToken ct)
    {
        Plan = await plans.GetAsync(actor, PlanId, ct);
        Documents = await documents.ListAsync(actor, PlanId, ct);
        Adoptions = (await documents.AdoptionsAsync(actor, PlanId, ct))
            .GroupBy(a => a.Document, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        MayWrite = await plans.DecideReviseAsync(actor, PlanId, ct) is { Allowed: true };
        if (VersionsOf is not null && Documents.Any(d => d.Name == VersionsOf))
            Versions = await documents.VersionsAsync(actor, PlanId, VersionsOf, ct);
    }
}
