using System.Text;
using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// Document libraries: each is a list whose items are its files, and a drive that holds their content and versions.
public sealed partial class LoopbackGraphServer
{
    private GraphReply? RouteDrives(GraphCall call, string[] s) => (call.Method, s) switch
    {
        ("GET", ["sites", var site, "drives"]) => new GraphReply(200, new JsonObject
        {
            ["value"] = new JsonArray(Site(site).Lists.Where(l => l.Drive is not null).Select(l => (JsonNode)DriveJson(Site(site), l.Drive!)).ToArray()),
        }),
        ("GET", ["sites", var site, "lists", var list, "drive"]) => new GraphReply(200, DriveJson(Site(site), Drive(List(Site(site), list)))),
        ("GET", ["drives", var drive]) => new GraphReply(200, DriveJson(_site, DriveById(drive))),
        ("GET", ["drives", var drive, "root"]) => new GraphReply(200, RootJson(DriveById(drive))),
        ("GET", ["drives", var drive, "items", var item]) when item == "root" || item == DriveById(drive).RootId => new GraphReply(200, RootJson(DriveById(drive))),
        ("GET", ["drives", var drive, "root", "children"]) => Children(DriveById(drive), call),
        ("GET", ["drives", var drive, "items", var item, "children"]) when item == "root" || item == DriveById(drive).RootId => Children(DriveById(drive), call),
        ("GET", ["drives", var drive, "items", var item]) => new GraphReply(200, Select(FileJson(DriveById(drive), File(DriveById(drive), item), call), call.QueryValue("select"), "listItem")),
        ("DELETE", ["drives", var drive, "items", var item]) => DeleteFile(DriveById(drive), File(DriveById(drive), item), call),
        ("GET", ["drives", var drive, "items", var item, "content"]) => RedirectContentDownloads
            ? new GraphReply(302).WithHeader("Location", DownloadUrl(DriveById(drive), File(DriveById(drive), item), File(DriveById(drive), item).Current))
            : Content(File(DriveById(drive), item).Current),
        ("POST", ["drives", var drive, "items", var item, "createUploadSession"]) =>
            CreateUploadSession(DriveById(drive), File(DriveById(drive), item).Name, call),
        ("PUT", ["drives", var drive, "items", var item, "content"]) => Upload(DriveById(drive), File(DriveById(drive), item).Name, call),
        ("GET", ["drives", var drive, "items", var item, "listItem"]) =>
            new GraphReply(200, ItemJson(_site, DriveById(drive).List, File(DriveById(drive), item).Item, FieldsExpansion(call).Expand, FieldsExpansion(call).Select)),
        ("GET", ["drives", var drive, "items", var item, "listItem", "fields"]) =>
            new GraphReply(200, FieldsJson(_site, DriveById(drive).List, File(DriveById(drive), item).Item, null)),
        ("PATCH", ["drives", var drive, "items", var item, "listItem", "fields"]) =>
            UpdateFields(_site, DriveById(drive).List, File(DriveById(drive), item).Item, call),
        ("GET", ["drives", var drive, "items", var item, "versions"]) => Versions(DriveById(drive), File(DriveById(drive), item)),
        ("GET", ["drives", var drive, "items", var item, "versions", var version]) =>
            new GraphReply(200, VersionJson(DriveById(drive), File(DriveById(drive), item), Version(File(DriveById(drive), item), version))),
        ("GET", ["drives", var drive, "items", var item, "versions", var version, "content"]) => Content(Version(File(DriveById(drive), item), version)),
        _ => null,
    };

    private DriveState DriveById(string id) =>
        _site.Lists.Select(l => l.Drive).FirstOrDefault(d => d is not null && d.Id == id)
        ?? throw new GraphException(404, "itemNotFound", "The drive could not be found.");

    private static DriveState Drive(ListState list) =>
        list.Drive ?? throw new GraphException(404, "itemNotFound", "The list is not a document library.");

    private static FileState File(DriveState drive, string id) =>
        drive.List.Items.Values.Select(i => i.File).FirstOrDefault(f => f is not null && f.Id == id)
        ?? throw new GraphException(404, "itemNotFound", "The resource could not be found.");

    private static FileState? FileByName(DriveState drive, string name) =>
        drive.List.Items.Values.Select(i => i.File).FirstOrDefault(f => f is not null && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static FileVersion Version(FileState file, string label) =>
        file.Versions.FirstOrDefault(v => v.Label == label || (label == "current" && v == file.Current))
        ?? throw new GraphException(404, "itemNotFound", "The version could not be found.");

    private static JsonObject DriveJson(SiteState site, DriveState drive) => new()
    {
        ["createdDateTime"] = Stamp(drive.List.Created),
        ["description"] = "",
        ["id"] = drive.Id,
        ["lastModifiedDateTime"] = Stamp(drive.List.Modified),
        ["name"] = drive.List.DisplayName,
        ["webUrl"] = $"{site.WebUrl}/{drive.List.Name}",
        ["driveType"] = "documentLibrary",
        ["owner"] = new JsonObject { ["group"] = new JsonObject { ["displayName"] = site.DisplayName } },
        ["quota"] = new JsonObject { ["deleted"] = 0, ["remaining"] = 1_099_511_627_776L, ["state"] = "normal", ["total"] = 1_099_511_627_776L, ["used"] = 0 },
    };

    private JsonObject RootJson(DriveState drive) => new()
    {
        ["id"] = drive.RootId,
        ["name"] = "root",
        ["webUrl"] = $"{_site.WebUrl}/{drive.List.Name}",
        ["createdDateTime"] = Stamp(drive.List.Created),
        ["lastModifiedDateTime"] = Stamp(drive.List.Modified),
        ["parentReference"] = new JsonObject { ["driveId"] = drive.Id, ["driveType"] = "documentLibrary" },
        ["folder"] = new JsonObject { ["childCount"] = drive.List.Items.Count },
        ["root"] = new JsonObject(),
        ["size"] = drive.List.Items.Values.Sum(i => (long?)i.File?.Current.Content.Length ?? 0),
    };

    private JsonObject FileJson(DriveState drive, FileState file, GraphCall? call)
    {
        var item = file.Item;
        var json = new JsonObject
        {
            ["@microsoft.graph.downloadUrl"] = DownloadUrl(drive, file, file.Current),
            ["createdDateTime"] = Stamp(item.Created),
            ["eTag"] = $"\"{{{item.UniqueId.ToString().ToUpperInvariant()}}},{item.Version}\"",
            ["id"] = file.Id,
            ["lastModifiedDateTime"] = Stamp(item.Modified),
            ["name"] = file.Name,
            ["webUrl"] = $"{_site.WebUrl}/{drive.List.Name}/{Uri.EscapeDataString(file.Name)}",
            ["cTag"] = $"\"c:{{{item.UniqueId.ToString().ToUpperInvariant()}}},{file.Versions.Count}\"",
            ["size"] = file.Current.Content.Length,
            ["createdBy"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = "CommPlan" } },
            ["lastModifiedBy"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = "CommPlan" } },
            ["parentReference"] = new JsonObject
            {
                ["driveType"] = "documentLibrary",
                ["driveId"] = drive.Id,
                ["id"] = drive.RootId,
                ["path"] = $"/drives/{drive.Id}/root:",
                ["siteId"] = _site.Id,
            },
            ["file"] = new JsonObject { ["mimeType"] = file.Current.ContentType },
            ["fileSystemInfo"] = new JsonObject { ["createdDateTime"] = Stamp(item.Created), ["lastModifiedDateTime"] = Stamp(item.Modified) },
        };
        if (call?.QueryValue("expand") is { } expand && expand.Contains("listItem", StringComparison.OrdinalIgnoreCase))
            json["listItem"] = ItemJson(_site, drive.List, item, true, null);
        return json;
    }

    private GraphReply Children(DriveState drive, GraphCall call)
    {
        var after = call.QueryValue("skiptoken") is { } token ? SkipTokenId(token) : 0;
        var size = PageSizeFor(call);
        var page = drive.List.Items.Values.Where(i => i.File is not null && i.Id > after).Take(size + 1).ToList();
        var json = new JsonObject
        {
            ["value"] = new JsonArray(page.Take(size).Select(i => (JsonNode)FileJson(drive, i.File!, call)).ToArray()),
        };
        if (page.Count > size)
            json["@odata.nextLink"] = Link(call, "skiptoken", Convert.ToBase64String(Encoding.UTF8.GetBytes($"Paged=TRUE&p_ID={page[size - 1].Id}")));
        return new GraphReply(200, json);
    }

    /// <summary>A small-file upload: a new file (201), or a new version of the file with that name (200).</summary>
    private GraphReply Upload(DriveState drive, string name, GraphCall call)
    {
        var contentType = call.Header("Content-Type") is { Length: > 0 } given && given != "application/octet-stream" ? given : MimeType(name);
        return Store(drive, name, call.Body, contentType, call.QueryValue("@microsoft.graph.conflictBehavior") ?? "replace", call.Header("If-Match"));
    }

    private GraphReply Store(DriveState drive, string name, byte[] content, string contentType, string conflict, string? ifMatch)
    {
        var existing = FileByName(drive, name);
        if (existing is not null && conflict == "fail")
            throw new GraphException(409, "nameAlreadyExists", "The specified item name already exists.");
        var now = _time.GetUtcNow();
        if (existing is null || conflict == "rename")
        {
            if (existing is not null) name = FreeName(drive, name);
            DemandMatchIfGiven(ifMatch, null);
            var item = new ItemState(drive.List.NextItemId++, Guid.NewGuid(), now);
            var file = new FileState("01" + Guid.NewGuid().ToString("N").ToUpperInvariant()[..32], name, item);
            file.Versions.Add(new FileVersion("1.0", content, contentType, now));
            item.File = file;
            Touched(_site, item);
            drive.List.Items.Add(item.Id, item);
            return new GraphReply(201, FileJson(drive, file, null));
        }
        DemandMatchIfGiven(ifMatch, existing);
        existing.Versions.Add(new FileVersion($"{existing.Versions.Count + 1}.0", content, contentType, now));
        existing.Item.Version++;
        existing.Item.Modified = now;
        Touched(_site, existing.Item);
        return new GraphReply(200, FileJson(drive, existing, null));
    }

    private static void DemandMatchIfGiven(string? ifMatch, FileState? file)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return;
        if (file is null) throw new GraphException(412, "resourceModified", "The resource does not exist.");
        // A drive item's eTag wraps the same id and version as its list item's, in braces and upper case.
        static string Plain(string tag) => tag.Trim().Replace("W/", "").Replace("\"", "").Replace("{", "").Replace("}", "");
        if (!string.Equals(Plain(ifMatch), Plain(file.Item.ETag), StringComparison.OrdinalIgnoreCase))
            throw new GraphException(412, "resourceModified", "The provided 'If-Match' header does not match the resource's current ETag value.");
    }

    private static string FreeName(DriveState drive, string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 1; ; n++)
        {
            var candidate = $"{stem} {n}{extension}";
            if (FileByName(drive, candidate) is null) return candidate;
        }
    }

    private GraphReply DeleteFile(DriveState drive, FileState file, GraphCall call)
    {
        DemandMatchIfGiven(call.Header("If-Match"), file);
        Remove(_site, drive.List, file.Item);
        return new GraphReply(204);
    }

    private static GraphReply Content(FileVersion version) => new(200, Content: version.Content, ContentType: version.ContentType);

    private GraphReply Versions(DriveState drive, FileState file) => new(200, new JsonObject
    {
        ["value"] = new JsonArray(file.Versions.AsEnumerable().Reverse().Select(v => (JsonNode)VersionJson(drive, file, v)).ToArray()),
    });

    private JsonObject VersionJson(DriveState drive, FileState file, FileVersion version) => new()
    {
        ["@microsoft.graph.downloadUrl"] = DownloadUrl(drive, file, version),
        ["id"] = version.Label,
        ["lastModifiedDateTime"] = Stamp(version.At),
        ["size"] = version.Content.Length,
        ["lastModifiedBy"] = new JsonObject { ["user"] = new JsonObject { ["displayName"] = "CommPlan" } },
    };

    private string DownloadUrl(DriveState drive, FileState file, FileVersion version) => $"{BaseUrl}/download/{drive.Id}/{file.Id}/{version.Label}";

    private GraphReply Download(string path)
    {
        var parts = path.Split('/');
        if (parts.Length != 3) return Error(404, "itemNotFound", "The resource could not be found.");
        try
        {
            return Content(Version(File(DriveById(parts[0]), parts[1]), parts[2]));
        }
        catch (GraphException e)
        {
            return Error(e.Status, e.Code, e.Message);
        }
    }

    private static string MimeType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        ".json" => "application/json",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    };
}
