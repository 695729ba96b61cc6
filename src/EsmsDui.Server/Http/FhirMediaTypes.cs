using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using Microsoft.Net.Http.Headers;

namespace EsmsDui.Server.Http;

/// <summary>Content negotiation: which format a body is in and which one the client wants back.</summary>
internal static class FhirMediaTypes
{
    public const string FhirJson = "application/fhir+json";
    public const string FhirXml = "application/fhir+xml";
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>The format of a request body by its Content-Type; null for a JSON Patch; 415 for anything else.</summary>
    public static FhirFormat? ForBody(string? contentType, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            // No Content-Type: accept what the first byte says, as lenient clients (curl -d) expect.
            var first = body.TrimStart(" \t\r\n\uFEFF"u8);
            return first.Length > 0 && first[0] == (byte)'<' ? FhirFormat.Xml : FhirFormat.Json;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            throw Unsupported(contentType);
        }

        return parsed.MediaType.Value?.ToLowerInvariant() switch
        {
            FhirJson or "application/json" or "text/json" or "application/json+fhir" => FhirFormat.Json,
            FhirXml or "application/xml" or "text/xml" or "application/xml+fhir" => FhirFormat.Xml,
            JsonPatch => null,
            _ => throw Unsupported(contentType),
        };
    }

    /// <summary>The response format: <c>_format</c> first, then Accept; JSON by default.</summary>
    public static (FhirFormat Format, string ContentType) ForResponse(string? formatParameter, IList<MediaTypeHeaderValue> accept)
    {
        if (!string.IsNullOrEmpty(formatParameter))
        {
            return formatParameter.ToLowerInvariant() switch
            {
                "json" or FhirJson or "application/json" or "application/json+fhir" => (FhirFormat.Json, FhirJson),
                "xml" or FhirXml or "application/xml" or "text/xml" or "application/xml+fhir" => (FhirFormat.Xml, FhirXml),
                _ => throw new FhirException(FhirErrorKind.NotAcceptable, $"_format={formatParameter} is not supported (json or xml)."),
            };
        }

        foreach (var media in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            switch (media.MediaType.Value?.ToLowerInvariant())
            {
                case FhirJson or "application/json+fhir":
                    return (FhirFormat.Json, FhirJson);
                case "application/json" or "text/json":
                    return (FhirFormat.Json, "application/json");
                case FhirXml or "application/xml+fhir":
                    return (FhirFormat.Xml, FhirXml);
                case "application/xml" or "text/xml":
                    return (FhirFormat.Xml, "application/xml");
                default:
                    continue;
            }
        }

        return (FhirFormat.Json, FhirJson);
    }

    private static FhirException Unsupported(string contentType) =>
        new(FhirErrorKind.UnsupportedMediaType, $"Content-Type '{contentType}' is not supported: use {FhirJson}, {FhirXml} or, for PATCH, {JsonPatch}.");
}
