using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommPlan.Host.Tests.Infrastructure;

public static class HttpExtensions
{
    public static readonly Guid DemoPlanId = new("3f0c9a6e-5b7d-4d1e-9a52-7c1b2e4f6a01");
    public static string Activities => $"/api/plans/{DemoPlanId}/activities";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object value) => Json(JsonSerializer.Serialize(value, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body");

    public static async Task<JsonArray> ListAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync(Activities + query);
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, HttpContent? content, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    /// <summary>A valid new activity as a client would send it.</summary>
    public static Dictionary<string, object?> NewActivity(string title = "Pressträff om sommarjobb") => new()
    {
        ["title"] = title,
        ["unit"] = "individstod",
        ["period"] = new { from = "2026-12-01", to = "2026-12-18" },
        ["deadline"] = "2026-12-10",
        ["channels"] = new[] { "pressmeddelande", "webb" },
        ["targetGroups"] = new[] { "media", "ungdomar" },
        ["goals"] = new[] { "intresse" },
        ["owner"] = new { objectId = "ac4f6d85-3061-4fb0-8d74-5eaf6b8d4f04", displayName = "Johan Berg" },
        ["followUpMetric"] = "Antal publicerade artiklar",
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);
}
