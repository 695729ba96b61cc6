using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace EsmsDui.Conformance.Tests;

/// <summary>How the faults are made: matching requests, rewriting answers, made-up answers.</summary>
public static partial class Faults
{
    /// <summary>The path after the FHIR base, without query.</summary>
    private static string Path(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        var index = path.IndexOf("/fhir/", StringComparison.Ordinal);
        return index < 0 ? path : Uri.UnescapeDataString(path[(index + 6)..]);
    }

    private static string[] Segments(HttpRequestMessage request) => Path(request).Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Query(HttpRequestMessage request) => request.RequestUri!.Query.TrimStart('?');

    private static string Outcome(string diagnostics) =>
        new JsonObject { ["resourceType"] = "OperationOutcome", ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = "processing", ["diagnostics"] = diagnostics }) }.ToJsonString();

    private static string Json(string body, Action<JsonObject> change)
    {
        if (JsonNode.Parse(body) is not JsonObject json)
        {
            return body;
        }

        change(json);
        return json.ToJsonString();
    }

    private static Fault Rewrite(string name, string testId, Func<HttpRequestMessage, bool> applies, Func<string, string> rewrite) =>
        new(name, testId, (s, r, c) => applies(r) ? s.RewriteAsync(r, rewrite, c) : s.ForwardAsync(r, c));

    private static Fault Answer(string name, string testId, Func<HttpRequestMessage, bool> applies, HttpStatusCode status) =>
        new(name, testId, (s, r, c) => applies(r) ? Task.FromResult(FaultyServer.Answer(status, (int)status >= 400 ? Outcome("Made up by the faulty server") : string.Empty)) : s.ForwardAsync(r, c));

    private static Fault Response(string name, string testId, Func<HttpRequestMessage, bool> applies, Action<HttpResponseMessage> change) =>
        new(name, testId, async (s, r, c) =>
        {
            var answer = await s.ForwardAsync(r, c);
            if (applies(r))
            {
                change(answer);
            }

            return answer;
        });

    private static Fault RequestBody(string name, string testId, Func<HttpRequestMessage, bool> applies, Func<string, string> rewrite) =>
        new(name, testId, async (s, r, c) =>
        {
            if (applies(r) && r.Content is not null)
            {
                var contentType = r.Content.Headers.ContentType;
                r.Content = new StringContent(rewrite(await r.Content.ReadAsStringAsync(c)), Encoding.UTF8);
                r.Content.Headers.ContentType = contentType;
            }

            return await s.ForwardAsync(r, c);
        });

    /// <summary>Every other matching answer rewritten (the first one is not): a server whose answers drift.</summary>
    private static Fault EveryOther(string name, string testId, Func<HttpRequestMessage, bool> applies, Func<string, string> rewrite)
    {
        var calls = 0;
        return new(name, testId, (s, r, c) => applies(r) && Interlocked.Increment(ref calls) % 2 == 0 ? s.RewriteAsync(r, rewrite, c) : s.ForwardAsync(r, c));
    }

    /// <summary>Requests of the route are served as if the main client had sent them, whoever sent them.</summary>
    private static Fault Leak(string name, string testId, Func<HttpRequestMessage, bool> applies) =>
        new(name, testId, (s, r, c) => applies(r) && r.Headers.Authorization is not null ? s.AsMainClientAsync(r, c) : s.ForwardAsync(r, c));
}
