using System.Net.Http.Headers;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Conformance.Http;

/// <summary>One answer of the server: status, headers, body, and the FHIR resource it holds when it holds one.</summary>
public sealed class Answer
{
    // Lenient: the suite judges what the server sends, element by element; an unknown element must not hide the rest.
    private static readonly FhirJsonDeserializer JsonParser = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private static readonly FhirXmlDeserializer XmlParser = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private readonly Lazy<Resource?> _resource;

    internal Answer(string request, int status, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, string body)
    {
        Request = request;
        Status = status;
        Headers = headers;
        ContentHeaders = contentHeaders;
        Body = body;
        _resource = new Lazy<Resource?>(Parse);
    }

    /// <summary>The request line (method and URL), for messages.</summary>
    public string Request { get; }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The response headers.</summary>
    public HttpResponseHeaders Headers { get; }

    /// <summary>The content headers.</summary>
    public HttpContentHeaders ContentHeaders { get; }

    /// <summary>The body as it came (a zip, a PDF).</summary>
    public byte[] Bytes { get; init; } = [];

    /// <summary>The body as text.</summary>
    public string Body { get; }

    /// <summary>The media type of the body, without parameters.</summary>
    public string? MediaType => ContentHeaders.ContentType?.MediaType;

    /// <summary>The FHIR resource of the body (null when there is none or it cannot be read).</summary>
    public Resource? Resource => _resource.Value;

    /// <summary>The ETag header, if any.</summary>
    public string? ETag => Headers.ETag?.ToString();

    /// <summary>A header's values joined, or null.</summary>
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    /// <summary>Fails the test unless the status is one of <paramref name="statuses"/>.</summary>
    public Answer Expect(params int[] statuses)
    {
        Check.That(statuses.Contains(Status), $"{Request}: expected HTTP {string.Join(" or ", statuses)}, got {Status}{Diagnostics()}.");
        return this;
    }

    /// <summary>Fails the test unless the status is one of <paramref name="statuses"/> and the body is a <typeparamref name="T"/>.</summary>
    public T Expect<T>(params int[] statuses)
        where T : Resource
    {
        Expect(statuses);
        return Resource as T ?? throw Check.Fail($"{Request}: expected a {typeof(T).Name} in the body, got {Describe()}.");
    }

    /// <summary>Fails the test unless the body is an OperationOutcome with at least one issue.</summary>
    public OperationOutcome ExpectOutcome()
    {
        var outcome = Resource as OperationOutcome ?? throw Check.Fail($"{Request}: the HTTP {Status} answer carries {Describe()}, not an OperationOutcome.");
        Check.That(outcome.Issue.Count > 0, $"{Request}: the OperationOutcome of the HTTP {Status} answer has no issue.");
        return outcome;
    }

    /// <summary>What the body is, for messages.</summary>
    public string Describe() => Resource is { } r ? "a " + r.TypeName : Body.Length == 0 ? "no body" : $"a body that is not FHIR ({MediaType ?? "no content type"}, {Body.Length} characters)";

    private string Diagnostics() =>
        Resource is OperationOutcome outcome && outcome.Issue.FirstOrDefault() is { } issue ? $" ({issue.Diagnostics ?? issue.Details?.Text})" : string.Empty;

    private Resource? Parse()
    {
        var text = Body.TrimStart();
        try
        {
            return text.StartsWith('{') ? JsonParser.DeserializeResource(text)
                : text.StartsWith('<') ? XmlParser.DeserializeResource(text)
                : null;
        }
        catch (DeserializationFailedException ex)
        {
            // Recoverable mode keeps what it read; only an unreadable document lands here.
            return ex.PartialResult as Resource;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
