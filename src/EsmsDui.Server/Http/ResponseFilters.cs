using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Server.Http;

/// <summary>
/// <c>_summary</c> and <c>_elements</c> on returned resources (FHIR R4 §3.1.1.5.8–9). The SDK's filters apply
/// to the entries of Bundles and tag each reduced resource SUBSETTED themselves.
/// </summary>
internal static class ResponseFilters
{
    /// <summary>The serialization filter the request asks for, or null for the full resource.</summary>
    public static Func<SerializationFilter>? For(FhirRequest request, FhirResponse response) =>
        response.IsWriteResult ? null : For(request);

    /// <summary>Throws 400 for an invalid <c>_summary</c>/<c>_elements</c>, before anything is done.</summary>
    public static void Validate(FhirRequest request) => For(request);

    private static Func<SerializationFilter>? For(FhirRequest request)
    {
        var summary = request.QueryValue("_summary");
        var elements = request.QueryValue("_elements");
        if (summary is not null && elements is not null)
        {
            throw new FhirException(FhirErrorKind.Invalid, "_summary and _elements cannot be used together.");
        }

        if (elements is not null)
        {
            // id and meta always stay, so that a reduced resource can still be read and updated by the client.
            string[] names = [.. elements.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), "id", "meta"];
            return () => SerializationFilter.ForElements(names, true);
        }

        return summary?.ToLowerInvariant() switch
        {
            null or "false" => null,
            "true" => SerializationFilter.ForSummary,
            "text" => SerializationFilter.ForText,
            "data" => SerializationFilter.ForData,
            "count" => null,
            _ => throw new FhirException(FhirErrorKind.Invalid, $"_summary={summary} is not one of true, text, data, count, false."),
        };
    }
}
