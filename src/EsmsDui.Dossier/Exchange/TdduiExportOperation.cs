using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Exchange;

/// <summary>
/// <c>Patient/[id]/$tddui-export</c> and <c>Patient/$tddui-export?patient=id1,id2</c>: the TDDUI flux 1.1 export
/// (a <c>tddui-bundle</c> transaction) of one usager or a set, ready to be POSTed to another DUI.
/// </summary>
public sealed class TdduiExportOperation(TdduiExporter exporter) : IFhirOperationHandler
{
    /// <summary>The most usagers one export may hold.</summary>
    public const int MaxUsagers = 100;

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "tddui-export", "Patient", "https://esmsdui.org/fhir/OperationDefinition/Patient-tddui-export",
        TypeLevel: true, InstanceLevel: true, AffectsState: false, typeof(TdduiExportOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = id is not null ? [id] : Usagers(request);
        if (ids.Count is 0 or > MaxUsagers)
        {
            throw new FhirException(FhirErrorKind.Invalid,
                $"Name the usagers to export with the patient parameter (Patient ids, comma-separated, 1 to {MaxUsagers}), or call Patient/[id]/$tddui-export.", OperationOutcome.IssueType.Required);
        }

        return FhirResponse.Ok(await exporter.ExportAsync(ids, cancellationToken));
    }

    // patient=a,b (query) or Parameters with patient parameters as ids or Patient references.
    private static List<string> Usagers(OperationRequest request)
    {
        var values = request.Body is Parameters body
            ? body.Parameter.Where(p => p.Name == "patient").Select(p => p.Value switch
            {
                ResourceReference reference => reference.Reference?.Split('/')[^1],
                PrimitiveType primitive => primitive.ToString(),
                _ => null,
            })
            : request.Query.Parameters.Where(p => p.Key == "patient").Select(p => p.Value);
        return [.. values.OfType<string>().SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(v => v.StartsWith("Patient/", StringComparison.Ordinal) ? v[8..] : v).Distinct()];
    }
}
