using System.Globalization;
using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// What every site starts with, and what tests may look at directly.
public sealed partial class LoopbackGraphServer
{
    private const string UserListName = "User Information List";

    private void SeedSite()
    {
        NewList(_site, "Documents", "documentLibrary", "The site's default document library.");
        var users = NewList(_site, UserListName, "genericList", "Site users, by their site-local id.", hidden: true);
        foreach (var name in (string[])["EMail", "UserName", "Name"])
            AddColumn(users, new JsonObject { ["name"] = name, ["text"] = new JsonObject() });
        users.NextItemId = 7;
    }

    /// <summary>
    /// Adds a user to the site's hidden User Information List, where person columns take their ids from
    /// (OwnerLookupId). Returns that site-local id.
    /// </summary>
    public int AddSiteUser(string email, string displayName)
    {
        lock (_gate)
        {
            var list = List(_site, UserListName);
            var item = new ItemState(list.NextItemId++, Guid.NewGuid(), _time.GetUtcNow());
            item.Fields["Title"] = displayName;
            item.Fields["EMail"] = email;
            item.Fields["UserName"] = email;
            item.Fields["Name"] = "i:0#.f|membership|" + email;
            Touched(_site, item);
            list.Items.Add(item.Id, item);
            return item.Id;
        }
    }

    /// <summary>Display names of the site's lists and libraries, hidden ones included.</summary>
    public IReadOnlyList<string> ListNames()
    {
        lock (_gate) return _site.Lists.Select(l => l.DisplayName).ToArray();
    }

    public string ListId(string displayName)
    {
        lock (_gate) return List(_site, displayName).Id;
    }

    /// <summary>The drive id of a document library (the seeded one is "Documents").</summary>
    public string DriveId(string library = "Documents")
    {
        lock (_gate) return Drive(List(_site, library)).Id;
    }

    public IReadOnlyList<GraphColumnView> Columns(string list)
    {
        lock (_gate)
        {
            return List(_site, list).Columns.Select(c => new GraphColumnView(c.Name, c.Type, c.Indexed,
                c.Definition["required"]?.GetValueKind() == System.Text.Json.JsonValueKind.True, (JsonObject)c.Definition.DeepClone())).ToArray();
        }
    }

    /// <summary>The items of a list with the fields clients wrote (system fields left out).</summary>
    public IReadOnlyList<GraphItemView> Items(string list)
    {
        lock (_gate)
        {
            return List(_site, list).Items.Values.Select(i => new GraphItemView(i.Id.ToString(CultureInfo.InvariantCulture), i.ETag, i.Version,
                (JsonObject)i.Fields.DeepClone())).ToArray();
        }
    }

    public IReadOnlyList<GraphFileView> Files(string library = "Documents")
    {
        lock (_gate)
        {
            return List(_site, library).Items.Values.Where(i => i.File is not null).Select(i => new GraphFileView(i.File!.Id, i.File.Name,
                i.File.Current.Content.ToArray(), i.File.Versions.Count, (JsonObject)i.Fields.DeepClone())).ToArray();
        }
    }
}
