using CommPlan.Application;
using CommPlan.Application.Access;
using CommPlan.Application.PlanDocuments;
using CommPlan.Application.Storage;
using CommPlan.Host.Api;
using CommPlan.Host.Features.ApiDescription;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommPlan.Host.Features.PlanDocuments;

/// <summary>
/// The plan's documents in the organisation's "Plan documents" library: the plan written as a Word document from
/// the template, uploaded documents, their versions, adoption, and the organisation's own template.
/// </summary>
public static class PlanDocumentsApi
{
    public static WebApplicationBuilder AddPlanDocuments(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PlanDocumentOptions.Section).Get<PlanDocumentOptions>() ?? new PlanDocumentOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PlanDocumentWordings>();
        builder.Services.AddScoped<PlanDocumentService>();
        builder.Services.AddScoped<FollowUpReportService>();
        return builder;
    }

    public static RouteGroupBuilder MapPlanDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/plans/{planId:guid}/documents").RequireAuthorization().WithTags("Plan documents");

        group.MapGet("/", async (Guid planId, HttpContext http, PlanDocumentService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok(new PlanDocumentListView((await service.ListAsync(actor, planId, ct)).Select(d => View(http, planId, d)).ToArray())))
            .WithName("ListPlanDocuments");

        group.MapPost("/generate", async Task<Results<Ok<PlanDocumentView>, ProblemHttpResult>> (Guid planId, HttpContext http, PlanDocumentService service,
            PlanDocumentWordings wordings, IStringLocalizer<TextPlanDocuments> text, Actor actor, CancellationToken ct) =>
        {
            var input = http.Request.ContentLength is null or 0 && !http.Request.Headers.ContainsKey("Transfer-Encoding")
                ? new GenerateInput(null, null, null)
                : await JsonBody.ReadAsync<GenerateInput>(http.Request, ct);
            if (input.Language is not null && !PlanDocumentWordings.Languages.ContainsKey(input.Language))
                throw new CommPlan.Domain.Common.DomainValidationException([new("language", CommPlan.Domain.Common.ErrorCodes.Unparseable)]);
            var wording = wordings.For(PlanDocumentWordings.Choose(input.Language));
            try
            {
                var saved = await service.GenerateAsync(actor, planId, new GenerateRequest(wording, input.Strategy,
                    input.MediaContacts?.Select(c => new MediaContact(c.Name ?? "", c.Role, c.Email, c.Phone)).ToArray()), ct);
                return TypedResults.Ok(View(http, planId, saved));
            }
            catch (TemplateRefusedException e)
            {
                return TemplateProblem(text, e.Report);
            }
        }).WithName("GeneratePlanDocument").AcceptsJson<GenerateInput>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/", async Task<Results<Ok<PlanDocumentView>, ProblemHttpResult>> (Guid planId, HttpContext http, PlanDocumentService service,
            IStringLocalizer<TextPlanDocuments> text, Actor actor, CancellationToken ct) =>
        {
            try
            {
                var (name, content) = await ReadFileAsync(http, service, ct);
                return TypedResults.Ok(View(http, planId, await service.UploadAsync(actor, planId, name, content, ct)));
            }
            catch (UploadRefusedException e)
            {
                return UploadProblem(text, service.Options, e);
            }
        }).WithName("UploadPlanDocument").Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();

        group.MapGet("/{name}/content", async (Guid planId, string name, PlanDocumentService service, Actor actor, CancellationToken ct) =>
        {
            var (document, content) = await service.OpenAsync(actor, planId, name, ct);
            return TypedResults.File(content, ContentTypeOf(document.Name), document.Name);
        }).WithName("DownloadPlanDocument").Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

        group.MapGet("/{name}/versions", async (Guid planId, string name, HttpContext http, PlanDocumentService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok(new PlanDocumentVersionListView((await service.VersionsAsync(actor, planId, name, ct))
                .Select(v => new PlanDocumentVersionView(v.Label, v.Size, v.LastModified, v.ChangedBy,
                    Link(http, planId, name) + "/versions/" + Uri.EscapeDataString(v.Label) + "/content")).ToArray())))
            .WithName("ListPlanDocumentVersions");

        group.MapGet("/{name}/versions/{version}/content", async (Guid planId, string name, string version, PlanDocumentService service, Actor actor, CancellationToken ct) =>
            TypedResults.File(await service.OpenVersionAsync(actor, planId, name, version, ct), ContentTypeOf(name), name))
            .WithName("DownloadPlanDocumentVersion").Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

        group.MapPost("/{name}/adopt", async (Guid planId, string name, HttpContext http, PlanDocumentService service, Actor actor, CancellationToken ct) =>
            TypedResults.Ok(View(http, planId, await service.AdoptAsync(actor, planId, name, ct))))
            .WithName("AdoptPlanDocument");

        group.MapPut("/template", async Task<Results<Ok<TemplateView>, ProblemHttpResult>> (Guid planId, HttpContext http, PlanDocumentService service,
            IStringLocalizer<TextPlanDocuments> text, Actor actor, CancellationToken ct) =>
        {
            try
            {
                var (_, content) = await ReadFileAsync(http, service, ct, checkType: false);
                var report = await service.SetTemplateAsync(actor, planId, content, ct);
                return TypedResults.Ok(new TemplateView(report.Found));
            }
            catch (UploadRefusedException e)
            {
                return UploadProblem(text, service.Options, e);
            }
            catch (TemplateRefusedException e)
            {
                return TemplateProblem(text, e.Report);
            }
        }).WithName("SetPlanDocumentTemplate").Accepts<IFormFile>("multipart/form-data", PlanDocumentService.WordType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();

        group.MapDelete("/template", async (Guid planId, PlanDocumentService service, Actor actor, CancellationToken ct) =>
        {
            await service.RemoveTemplateAsync(actor, planId, ct);
            return TypedResults.NoContent();
        }).WithName("RemovePlanDocumentTemplate");

        // The year's follow-up as a Word document, written when asked for, never stored.
        app.MapGet("/api/plans/{planId:guid}/follow-up/report", async (Guid planId, HttpContext http, FollowUpReportService reports,
            PlanDocumentWordings wordings, Actor actor, CancellationToken ct) =>
        {
            var language = http.Request.Query["language"].FirstOrDefault();
            if (language is not null && !PlanDocumentWordings.Languages.ContainsKey(language))
                throw new CommPlan.Domain.Common.DomainValidationException([new("language", CommPlan.Domain.Common.ErrorCodes.Unparseable)]);
            var wording = wordings.ReportFor(PlanDocumentWordings.Choose(language));
            var (plan, document) = await reports.WriteAsync(actor, planId, wording, ct);
            var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, wording.Title, plan.Title);
            return TypedResults.File(document, PlanDocumentService.WordType, string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '-' : c)) + ".docx");
        }).RequireAuthorization().WithTags("Plan documents").WithName("DownloadFollowUpReport")
            .ReadsQuery(new QueryParameter("language", "The report's language: sv, nb or en (default: the request's language).", Values: ["sv", "nb", "en"]))
            .Produces(StatusCodes.Status200OK, contentType: PlanDocumentService.WordType);

        return group;
    }

    /// <summary>
    /// The file of a multipart form ("file") or the whole body; refused by size while it is read (the request's body
    /// limit is the organisation's), and by type before anything is stored.
    /// </summary>
    internal static async Task<(string Name, byte[] Content)> ReadFileAsync(HttpContext http, PlanDocumentService service, CancellationToken ct, bool checkType = true)
    {
        var limit = service.Options.MaxUploadBytes;
        var request = http.Request;
        // A form carries a little more than the file: its boundaries and headers.
        if (request.ContentLength > limit + 64 * 1024) throw new UploadRefusedException(UploadRefusal.TooLarge, "");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + 64 * 1024;
        string name;
        byte[] content;
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit + 64 * 1024 }, ct);
                var file = form.Files.GetFile("file") ?? throw new BadBodyException(StatusCodes.Status400BadRequest,
                    [new CommPlan.Domain.Common.FieldError("file", CommPlan.Domain.Common.ErrorCodes.Required)], "Problem_validation");
                name = Path.GetFileName(file.FileName);
                if (file.Length > limit) throw new UploadRefusedException(UploadRefusal.TooLarge, "");
                if (checkType) service.CheckUpload(name, file.Length);
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            else
            {
                name = request.Query["name"].FirstOrDefault() ?? PlanDocumentService.TemplateName;
                if (checkType) service.CheckUpload(name, 0);
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > limit) throw new UploadRefusedException(UploadRefusal.TooLarge, "");
                    buffer.Write(chunk, 0, read);
                }
                content = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UploadRefusedException(UploadRefusal.TooLarge, "");
        }
        if (checkType) service.CheckUpload(name, content.LongLength);
        return (name, content);
    }

    internal static ProblemHttpResult UploadProblem(IStringLocalizer<TextPlanDocuments> text, PlanDocumentOptions options, UploadRefusedException e) =>
        e.Reason == UploadRefusal.TooLarge
            ? TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = text["Problem_document_too_large", options.MaxUploadBytes],
            })
            : TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = text["Problem_document_type", string.Join(", ", options.AllowedExtensions)],
            });

    /// <summary>422 naming every part the template lacks, each as a field of the problem.</summary>
    internal static ProblemHttpResult TemplateProblem(IStringLocalizer<TextPlanDocuments> text, TemplateReport report)
    {
        var errors = report.IsWordDocument
            ? report.Missing.ToDictionary(p => "template." + p, p => new[] { text["Error_missing_part", p].Value })
            : new Dictionary<string, string[]> { ["template"] = [text["Error_not_docx"].Value] };
        var problem = new ValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = text["Problem_template_refused"] };
        problem.Extensions["missing"] = report.Missing;
        problem.Extensions["found"] = report.Found;
        return TypedResults.Problem(problem);
    }

    private static string Link(HttpContext http, Guid planId, string name) => $"/api/plans/{planId}/documents/{Uri.EscapeDataString(name)}";

    internal static PlanDocumentView View(HttpContext http, Guid planId, StoredDocument d)
    {
        var download = Link(http, planId, d.Name) + "/content";
        return new PlanDocumentView(d.Name, d.Metadata.Status, d.Version, d.Metadata.ChangedBy, d.LastModified, d.Size, d.WebUrl ?? download, download, d.WebUrl);
    }

    internal static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".docx" => PlanDocumentService.WordType,
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pdf" => "application/pdf",
        ".odt" => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    };
}

public sealed record GenerateInput(string? Language, string? Strategy, IReadOnlyList<MediaContactInput>? MediaContacts);

public sealed record MediaContactInput(string? Name, string? Role, string? Email, string? Phone);

/// <param name="OpenUrl">Where to open the document: SharePoint's own viewer when the library is in SharePoint, else the download.</param>
public sealed record PlanDocumentView(string Name, string? Status, string Version, string? ChangedBy, DateTimeOffset LastModified, long Size,
    string OpenUrl, string DownloadUrl, string? WebUrl);

public sealed record PlanDocumentListView(IReadOnlyList<PlanDocumentView> Items);

public sealed record PlanDocumentVersionView(string Label, long Size, DateTimeOffset LastModified, string? ChangedBy, string DownloadUrl);

public sealed record PlanDocumentVersionListView(IReadOnlyList<PlanDocumentVersionView> Items);

/// <param name="Parts">The parts the template has.</param>
public sealed record TemplateView(IReadOnlyList<string> Parts);
