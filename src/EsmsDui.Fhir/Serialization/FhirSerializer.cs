using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace EsmsDui.Fhir.Serialization;

/// <summary>
/// Parses and writes R4 resources in JSON and XML. Parsing is strict (unknown elements, bad primitives and
/// malformed narrative are errors) and every problem comes back as an issue with its location. Thread-safe.
/// </summary>
public sealed class FhirSerializer
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128, CommentHandling = JsonCommentHandling.Disallow };
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 0,
    };

    private readonly FhirJsonDeserializer _jsonParser;
    private readonly FhirXmlDeserializer _xmlParser;
    private readonly BaseFhirJsonSerializer _jsonWriter = new(ModelInfo.ModelInspector);
    private readonly BaseFhirXmlSerializer _xmlWriter = new(ModelInfo.ModelInspector);

    /// <summary>Creates a serializer with strict parsing settings.</summary>
    public FhirSerializer()
    {
        // Narrative is checked as well-formed XML: the stricter FHIR XHTML check rejects official R4 examples.
        var strict = new DeserializerSettings().UsingMode(DeserializationMode.Strict, NarrativeValidationKind.Xml);
        var settings = strict with { ExceptionFilter = CodedExceptionFilters.Or(strict.ExceptionFilter ?? (_ => false), ParserLeniency.IsLeftToValidation) };
        _jsonParser = new FhirJsonDeserializer(settings);
        _xmlParser = new FhirXmlDeserializer(settings);
    }

    /// <summary>Parses a resource from UTF-8 JSON; throws <see cref="FhirException"/> (Invalid) listing every problem.</summary>
    public Resource ParseJson(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            if (_jsonParser.TryDeserializeResource(ref reader, out var resource, out var issues) && resource is not null)
            {
                return resource;
            }

            throw Invalid(issues);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the SDK parser throws on a body (it fails with IndexOutOfRangeException on an empty
            // property name, say) is a problem of that body, not of the server.
            throw ParseFailure(ex);
        }
    }

    /// <summary>Parses a resource from XML; throws <see cref="FhirException"/> (Invalid) listing every problem.</summary>
    public Resource ParseXml(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, XmlSettings);
            if (_xmlParser.TryDeserializeResource(reader, out var resource, out var issues) && resource is not null)
            {
                return resource;
            }

            throw Invalid(issues);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ParseFailure(ex);
        }
    }

    /// <summary>
    /// Parses a resource received in the given format (a request's body, a file to import): a JSON body is first
    /// held to <see cref="JsonInputRules"/>, what the parser alone would let through.
    /// </summary>
    public Resource Parse(ReadOnlySpan<byte> body, FhirFormat format)
    {
        if (format == FhirFormat.Json)
        {
            JsonInputRules.Check(body);
            return ParseJson(body);
        }

        return ParseXml(body);
    }

    /// <summary>Writes a resource (or any FHIR element) as UTF-8 JSON.</summary>
    public byte[] SerializeJson(Base value, bool pretty = false, Func<SerializationFilter>? filter = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = pretty, SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            _jsonWriter.Serialize(value, writer, filter);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a resource as UTF-8 XML.</summary>
    public byte[] SerializeXml(Base value, bool pretty = false, Func<SerializationFilter>? filter = null)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = pretty, OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            _xmlWriter.Serialize(value, writer, filter);
        }

        return stream.ToArray();
    }

    /// <summary>Writes a resource in the given format.</summary>
    public byte[] Serialize(Base value, FhirFormat format, bool pretty = false, Func<SerializationFilter>? filter = null) =>
        format == FhirFormat.Json ? SerializeJson(value, pretty, filter) : SerializeXml(value, pretty, filter);

    private static FhirException Invalid(IEnumerable<CodedException>? issues)
    {
        var list = (issues ?? []).Select(ToIssue).ToList();
        if (list.Count == 0)
        {
            list.Add(FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, "The body is not a FHIR resource."));
        }

        return new FhirException(FhirErrorKind.Invalid, list);
    }

    private static FhirException ParseFailure(Exception ex) => ex switch
    {
        FhirException fe => fe,
        DeserializationFailedException dfe => Invalid(dfe.Exceptions),
        CodedException ce => Invalid([ce]),
        _ => new FhirException(FhirErrorKind.Invalid, "The body could not be parsed: " + ex.Message, OperationOutcome.IssueType.Structure),
    };

    private static OperationOutcome.IssueComponent ToIssue(CodedException ex)
    {
        var issue = FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, ex.Message);
        if (ex is ExtendedCodedException located)
        {
            issue.Code = located.IssueType;
            if (!string.IsNullOrEmpty(located.InstancePath))
            {
                issue.Expression = [located.InstancePath];
            }

            if (located.LineNumber is { } line)
            {
                issue.Location = [$"line {line}, column {located.Position ?? 0}"];
            }
        }

        return issue;
    }
}
