using System.Text;
using System.Text.Json.Nodes;

namespace CommPlan.Testing.Graph;

// JSON batching: up to 20 steps run against the same resources. Graph runs steps without dependsOn in any order
// (concurrently), so they run here in a shuffled order, and are answered in another.
public sealed partial class LoopbackGraphServer
{
    private const int MaxBatchSteps = 20;

    private GraphReply Batch(GraphCall call, string userAgent)
    {
        List<BatchStep> steps;
        try
        {
            steps = ReadSteps(call.JsonBody());
        }
        catch (GraphException e)
        {
            return Error(e.Status, e.Code, e.Message);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Error(400, "invalidRequest", "Invalid batch body: " + e.Message);
        }

        var statuses = new Dictionary<string, int>();
        var responses = new List<JsonObject>();
        List<BatchStep> pending;
        lock (_faultGate) pending = [.. steps.OrderBy(_ => _shuffle.Next())];
        while (pending.Count > 0)
        {
            // A step runs once the steps it depends on have; among those that may run, the shuffled order decides.
            var ready = pending.FirstOrDefault(s => s.DependsOn.All(statuses.ContainsKey));
            if (ready is null) return Error(400, "invalidRequest", "The batch's dependsOn references form a cycle.");
            pending.Remove(ready);
            var failed = ready.DependsOn.FirstOrDefault(d => statuses[d] is < 200 or >= 300);
            GraphReply reply;
            if (failed is not null)
            {
                reply = Error(424, "failedDependency", $"Step '{failed}', which this step depends on, failed.");
            }
            else
            {
                var stepCall = ready.ToCall();
                reply = Step(stepCall);
                _requests.Enqueue(new GraphRequestRecord(stepCall.Method, stepCall.PathAndQuery, reply.Status, userAgent.Length == 0 ? null : userAgent, true, _time.GetUtcNow(), stepCall.Headers));
            }
            statuses[ready.Id] = reply.Status;
            responses.Add(Response(ready.Id, reply));
        }

        lock (_faultGate) responses = responses.OrderBy(_ => _shuffle.Next()).ToList();
        return new GraphReply(200, new JsonObject { ["responses"] = new JsonArray(responses.Select(r => (JsonNode)r).ToArray()) });
    }

    private static List<BatchStep> ReadSteps(JsonObject body)
    {
        if (body["requests"] is not JsonArray requests || requests.Count == 0)
            throw new GraphException(400, "invalidRequest", "The batch needs a non-empty 'requests' array.");
        if (requests.Count > MaxBatchSteps)
            throw new GraphException(400, "invalidRequest", $"The batch has {requests.Count} requests; at most {MaxBatchSteps} are allowed.");
        var steps = new List<BatchStep>();
        foreach (var node in requests)
        {
            var request = node as JsonObject ?? throw new GraphException(400, "invalidRequest", "A batch request must be an object.");
            var id = (string?)request["id"] ?? throw new GraphException(400, "invalidRequest", "A batch request needs an id.");
            if (steps.Any(s => s.Id == id)) throw new GraphException(400, "invalidRequest", $"Batch request id '{id}' is used twice.");
            var method = ((string?)request["method"] ?? throw new GraphException(400, "invalidRequest", $"Batch request '{id}' needs a method.")).ToUpperInvariant();
            var url = (string?)request["url"] ?? throw new GraphException(400, "invalidRequest", $"Batch request '{id}' needs a url.");
            if (url.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                throw new GraphException(400, "invalidRequest", $"Batch request '{id}' must use a relative url.");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (request["headers"] is JsonObject given)
                foreach (var (name, value) in given) headers[name] = value?.ToString() ?? "";
            var dependsOn = request["dependsOn"] is JsonArray depends ? depends.Select(d => (string)d!).ToArray() : [];
            var unknown = dependsOn.FirstOrDefault(d => steps.All(s => s.Id != d) && requests.All(r => (string?)r?["id"] != d));
            if (unknown is not null) throw new GraphException(400, "invalidRequest", $"Batch request '{id}' depends on unknown request '{unknown}'.");
            var content = request["body"] switch
            {
                null => [],
                JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && !(headers.GetValueOrDefault("Content-Type") ?? "").Contains("json", StringComparison.OrdinalIgnoreCase)
                    => Convert.FromBase64String(text.GetValue<string>()),
                var json => Encoding.UTF8.GetBytes(json.ToJsonString()),
            };
            if (content.Length > 0 && !headers.ContainsKey("Content-Type") && request["body"] is JsonObject)
                throw new GraphException(400, "invalidRequest", $"Batch request '{id}' has a body but no Content-Type header.");
            steps.Add(new BatchStep(id, method, url, headers, content, dependsOn));
        }
        return steps;
    }

    private static JsonObject Response(string id, GraphReply reply)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in reply.Headers) headers[name] = value;
        var response = new JsonObject { ["id"] = id, ["status"] = reply.Status, ["headers"] = headers };
        if (reply.Json is { } json)
        {
            headers["Content-Type"] = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";
            response["body"] = json;
        }
        else if (reply.Content is { } bytes)
        {
            headers["Content-Type"] = reply.ContentType ?? "application/octet-stream";
            response["body"] = Convert.ToBase64String(bytes);
        }
        return response;
    }

    private sealed record BatchStep(string Id, string Method, string Url, Dictionary<string, string> Headers, byte[] Body, string[] DependsOn)
    {
        public GraphCall ToCall()
        {
            var url = Url.StartsWith('/') ? Url : "/" + Url;
            if (url.StartsWith("/v1.0/", StringComparison.Ordinal)) url = url["/v1.0".Length..];
            var cut = url.IndexOf('?');
            var path = Uri.UnescapeDataString(cut < 0 ? url : url[..cut]);
            var query = cut < 0 ? "" : url[cut..];
            return new GraphCall(Method, path, "/v1.0" + path + query, GraphCall.ParseQuery(query), Headers, Body, true);
        }
    }
}
