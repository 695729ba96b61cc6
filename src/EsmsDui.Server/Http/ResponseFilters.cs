using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Interactions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Server.Http;

/// <summary><c>_summary</c> and <c>_elements</c> on returned resources (FHIR R4 §3.1.1.5.8–9).</summary>
internal static class ResponseFilters
{
    private const string SubsettedSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

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
            var names = elements.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
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

    /// <summary>A copy of the resource tagged SUBSETTED, as the spec asks of reduced representations.</summary>
    public static Resource MarkSubsetted(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        copy.Meta ??= new Meta();
        if (!copy.Meta.Tag.Any(t => t.System == SubsettedSystem && t.Code == "SUBSETTED"))
        {
            copy.Meta.Tag.Add(new Coding(SubsettedSystem, "SUBSETTED", "subsetted"));
        }

        return copy;
    }
}
