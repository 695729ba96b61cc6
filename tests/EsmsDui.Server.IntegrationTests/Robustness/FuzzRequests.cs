using System.Text;

namespace EsmsDui.Server.IntegrationTests.Robustness;

/// <summary>One fuzzed request: what to send, and whether a success would have written versions.</summary>
public sealed record FuzzRequest(string Method, string Path, string? ContentType, byte[]? Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// Generates mutated FHIR requests from valid seeds: truncated and corrupted bodies, wrong content types,
/// deep nesting, huge strings, invalid references, bundles with reference cycles, odd headers and paths.
/// Deterministic for a given seed, so a failure can be replayed.
/// </summary>
public sealed class FuzzRequests(int seed)
{
    private static readonly string[] ContentTypes =
    [
        "application/fhir+json", "application/fhir+json", "application/json", "application/fhir+xml", "application/xml",
        "application/json-patch+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/fhir+json; charset=latin1", "garbage", "",
    ];

    private static readonly string[] Ids = [.. Enumerable.Range(0, 20).Select(i => $"fuzz-{i}")];

    private readonly Random _random = new(seed);

    public FuzzRequest Next()
    {
        var seedRequest = Seed();
        return _random.Next(10) switch
        {
            0 => seedRequest with { Body = Truncate(seedRequest.Body) },
            1 => seedRequest with { Body = Corrupt(seedRequest.Body) },
            2 => seedRequest with { ContentType = Pick(ContentTypes) },
            3 => seedRequest with { Body = DeepNesting() },
            4 => seedRequest with { Body = HugeString() },
            5 => seedRequest with { Headers = OddHeaders() },
            6 => seedRequest with { Path = OddPath(), Method = Pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) },
            _ => seedRequest,
        };
    }

    private FuzzRequest Seed()
    {
        var id = Pick(Ids);
        return _random.Next(9) switch
        {
            0 => Json("POST", "Patient", Patient(null)),
            1 => Json("PUT", $"Patient/{id}", Patient(id)),
            2 => Json("POST", "Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"poids\"},\"subject\":{\"reference\":\""
                + Pick(["Patient/" + id, "Patient/../../etc/passwd", "urn:uuid:missing", "http://elsewhere/Patient/1", "#contained", ""]) + "\"}}"),
            3 => new FuzzRequest("POST", "Patient", "application/fhir+xml", Encoding.UTF8.GetBytes($"""<Patient xmlns="http://hl7.org/fhir"><name><family value="Xml{_random.Next()}"/></name></Patient>"""), NoHeaders),
            4 => Json("POST", string.Empty, Transaction()),
            5 => Json("POST", string.Empty, Transaction().Replace("\"transaction\"", "\"batch\"", StringComparison.Ordinal)),
            6 => new FuzzRequest("PATCH", $"Patient/{id}", "application/json-patch+json", Encoding.UTF8.GetBytes(Pick([
                """[{"op":"replace","path":"/gender","value":"male"}]""",
                """[{"op":"add","path":"/name/0/given/-","value":"Zoé"}]""",
                """[{"op":"remove","path":"/nothing"}]""",
                """[{"op":"move","from":"/name","path":"/name/0"}]""",
                """{"op":"replace"}"""])), NoHeaders),
            7 => Json("PATCH", $"Patient/{id}", """{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"type","valueCode":"replace"},{"name":"path","valueString":"Patient.birthDate"},{"name":"value","valueDate":"1950-02-03"}]}]}"""),
            _ => new FuzzRequest(Pick(["GET", "DELETE"]), Pick([$"Patient/{id}", $"Patient/{id}/_history", "_history?_count=5", "metadata", $"Patient/{id}/_history/1"]), null, null, NoHeaders),
        };
    }

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private static FuzzRequest Json(string method, string path, string body) =>
        new(method, path, "application/fhir+json", Encoding.UTF8.GetBytes(body), NoHeaders);

    private string Patient(string? id) =>
        "{\"resourceType\":\"Patient\"," + (id is null ? string.Empty : $"\"id\":\"{id}\",")
        + $"\"name\":[{{\"family\":\"Lefèvre{_random.Next(1000)}\",\"given\":[\"Hélène\"]}}],\"gender\":\"{Pick(["female", "male", "other", "unknown"])}\","
        + $"\"birthDate\":\"19{_random.Next(10, 99)}-0{_random.Next(1, 9)}-1{_random.Next(0, 9)}\"}}";

    // Two entries that reference each other through their urn:uuid fullUrls: a cycle the server must resolve.
    private string Transaction()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        return $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:{{{a}}}","resource":{"resourceType":"Patient","link":[{"other":{"reference":"urn:uuid:{{{b}}}"},"type":"seealso"}]},"request":{"method":"POST","url":"Patient"}},
              {"fullUrl":"urn:uuid:{{{b}}}","resource":{"resourceType":"Patient","link":[{"other":{"reference":"urn:uuid:{{{a}}}"},"type":"seealso"}]},"request":{"method":"POST","url":"Patient"}},
              {"resource":{"resourceType":"Patient","id":"{{{Pick(Ids)}}}","gender":"female"},"request":{"method":"PUT","url":"Patient/{{{Pick(Ids)}}}"}}
            ]}
            """;
    }

    private byte[]? Truncate(byte[]? body) => body is null || body.Length == 0 ? body : body[.._random.Next(body.Length)];

    private byte[]? Corrupt(byte[]? body)
    {
        if (body is null || body.Length == 0)
        {
            return body;
        }

        var copy = (byte[])body.Clone();
        for (var i = 0; i < 1 + _random.Next(5); i++)
        {
            copy[_random.Next(copy.Length)] = (byte)_random.Next(256);
        }

        return copy;
    }

    private byte[] DeepNesting()
    {
        var depth = _random.Next(50, 5000);
        var text = "{\"resourceType\":\"Patient\",\"extension\":" + string.Concat(Enumerable.Repeat("[{\"url\":\"x\",\"extension\":", depth)) + "[]" + string.Concat(Enumerable.Repeat("}]", depth)) + "}";
        return Encoding.UTF8.GetBytes(text);
    }

    private byte[] HugeString() =>
        Encoding.UTF8.GetBytes($$"""{"resourceType":"Patient","name":[{"family":"{{new string('é', _random.Next(100_000, 1_000_000))}}"}]}""");

    private Dictionary<string, string> OddHeaders() => new()
    {
        [Pick(["If-Match", "If-None-Match", "If-None-Exist", "Prefer", "If-Modified-Since", "Accept"])] =
            Pick(["W/\"abc\"", "W/\"1\"", "*", "return=minimal", "return=bogus", "identifier=x", "not a date", "application/pdf", new string('x', 5000), "W/\"-1\""]),
    };

    private string OddPath() => Pick([
        "Patient/../metadata", "Patient/%00", "Patient/" + new string('a', 65), "Patient/a/b/c/d/e", "$everything", "Patient/$validate",
        "Patient/_history/abc", "Patient/fuzz-1/_history/0", "Patient/fuzz-1/_history/99999999999", "Unknown/1", "_history?_since=never",
        "Patient/fuzz-1?_summary=bogus", "Patient/fuzz-1?_format=pdf", "Patient/fuzz-1?_elements=", "_history?_count=-1",
    ]);

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
