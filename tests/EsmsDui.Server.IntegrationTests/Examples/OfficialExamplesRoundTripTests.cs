using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Examples;

/// <summary>
/// Every official R4 example is written with PUT and read back equal to what was sent, apart from meta. Storage
/// fidelity is what is tested, so the server does not validate declared profiles (72 examples break rules of the
/// core profiles they declare, e.g. an extension outside its context; validation is tested on its own).
/// </summary>
public sealed class OfficialExamplesRoundTripTests : IAsyncLifetime
{
    private readonly SqliteServerFixture _server = SqliteServerFixture.With(new Dictionary<string, string> { ["Fhir:Validation:Mode"] = "Off" });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    /// <summary>
    /// Published examples that no conformant server can store (AuditEvents apart: only the server writes its trail): a decimal beyond the range the server keeps
    /// exactly (28 significant digits, ±7.9E28), and an id longer than the 64 characters FHIR allows.
    /// </summary>
    private static readonly string[] KnownDefects =
    [
        "Observation-decimal.json",
        "SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json",
    ];

    [Fact]
    public async Task Every_official_R4_example_is_stored_with_put_and_read_back_unchanged_apart_from_meta()
    {
        var examples = await R4Examples.LoadAsync();
        Assert.True(examples.Count >= 5000, $"only {examples.Count} examples found");
        var failures = new ConcurrentBag<string>();
        var rejected = new ConcurrentBag<string>();
        // Examples sharing a type and id (ig-r4.json, ImplementationGuide-fhir.json) go one after the other.
        var groups = examples.GroupBy(e => (e.Type, e.Id)).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (group, cancellationToken) =>
        {
            foreach (var example in group)
            {
                await RoundTripAsync(example, failures, rejected, cancellationToken);
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {examples.Count} examples failed:\n" + string.Join('\n', failures.Order().Take(50)));
        Assert.Equal(KnownDefects.Concat(examples.Where(e => e.Type == "AuditEvent").Select(e => e.File)).Order(), rejected.Order());
    }

    private async Task RoundTripAsync((string File, string Type, string Id, string Json) example, ConcurrentBag<string> failures, ConcurrentBag<string> rejected, CancellationToken cancellationToken)
    {
        using var put = await _server.Client.PutAsync($"{example.Type}/{example.Id}", FhirHttp.Json(example.Json), cancellationToken);
        if (put.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            // The audit trail is the server's own: no API request writes an AuditEvent.
            var refused = (KnownDefects.Contains(example.File) && put.StatusCode == HttpStatusCode.BadRequest)
                || (example.Type == "AuditEvent" && put.StatusCode == HttpStatusCode.MethodNotAllowed);
            if (refused)
            {
                rejected.Add(example.File);
                return;
            }

            failures.Add($"{example.File}: PUT {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(cancellationToken)}");
            return;
        }

        using var get = await _server.Client.GetAsync($"{example.Type}/{example.Id}", cancellationToken);
        var sent = WithoutMeta(JsonNode.Parse(example.Json)!);
        var read = WithoutMeta(JsonNode.Parse(await get.Content.ReadAsStringAsync(cancellationToken))!);
        if (!JsonNode.DeepEquals(sent, read))
        {
            failures.Add($"{example.File}: read back differs");
        }
    }

    private static JsonNode WithoutMeta(JsonNode node)
    {
        node.AsObject().Remove("meta");
        WithoutBase64Whitespace(node);
        return node;
    }

    // Whitespace inside base64Binary carries no data (some examples wrap it); the server keeps the bytes.
    private static void WithoutBase64Whitespace(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "data" && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        obj[name] = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
                    }
                    else
                    {
                        WithoutBase64Whitespace(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutBase64Whitespace(item);
                }

                break;
        }
    }
}
