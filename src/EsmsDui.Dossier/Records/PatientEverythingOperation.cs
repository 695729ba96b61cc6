using EsmsDui.Dossier.Identity;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Records;

/// <summary>
/// <c>Patient/[id]/$everything</c> (FHIR R4 Patient-everything): the usager's record, the Patient compartment, the
/// resources it references and the actions (Task) based on its plans, paged (<c>_count</c>, next links), narrowed by <c>_since</c> and <c>_type</c>. It is an
/// export: the INS of an identity that is not qualified is left out.
/// </summary>
public sealed class PatientEverythingOperation(IFhirEngine engine, FhirSerializer serializer) : IFhirOperationHandler
{
    private const int MaxUnindexed = 1000;

    private static readonly HashSet<string> Passed = ["_count", "_format", "_pretty", "_summary", "_elements", .. PagePosition.Parameters];

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "everything", "Patient", "http://hl7.org/fhir/OperationDefinition/Patient-everything",
        TypeLevel: false, InstanceLevel: true, AffectsState: false, typeof(PatientEverythingOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        var usager = (Patient)serializer.ParseJson((await engine.ReadAsync(type, id, session, cancellationToken)).Json.Span);
        var input = request.Input;
        if (input.Text("start") is not null || input.Text("end") is not null)
        {
            throw new FhirException(FhirErrorKind.Invalid, "$everything does not take start and end (care dates) here; use _since for what changed since a date.", OperationOutcome.IssueType.NotSupported);
        }

        var criteria = request.Query.Parameters.Where(p => Passed.Contains(p.Key)).ToList();
        if (input.Text("_since") is { } since)
        {
            criteria.Add(new("_lastUpdated", "ge" + since));
        }

        if (input.NonNegative("_count") is { } count && request.Query.Value("_count") is null)
        {
            criteria.Add(new("_count", count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var types = input.Text("_type") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList()
            : null;
        var bundle = await engine.ExportCompartmentAsync("Patient", id, types, criteria, [("Task", "based-on")], request.Query, $"Patient/{id}/$everything", cancellationToken);
        await AddUnindexedReferencesAsync(bundle, request.BaseUrl, session, cancellationToken);
        InsDisclosure.Apply(bundle, usager);
        return FhirResponse.Ok(bundle);
    }

    // Includes follow the references search parameters index; a record also points elsewhere (a plan's accord in
    // CarePlan.supportingInfo): those targets are added too, once.
    private async System.Threading.Tasks.Task AddUnindexedReferencesAsync(Bundle bundle, string baseUrl, WriteSession? session, CancellationToken cancellationToken)
    {
        var present = bundle.Entry.Select(e => e.Resource).OfType<Resource>().Where(r => r is not OperationOutcome).Select(r => (r.TypeName, r.Id)).ToHashSet();
        var missing = bundle.Entry.Select(e => e.Resource).OfType<Resource>()
            .SelectMany(r => ResourceReferences.Of(r))
            .Select(r => ResourceReferences.Target(r.Reference))
            .OfType<(string Type, string Id)>()
            .Where(target => !present.Contains(target))
            .Distinct()
            .Take(MaxUnindexed)
            .ToList();
        foreach (var (type, id) in missing)
        {
            if (await engine.CurrentAsync(type, id, session, cancellationToken) is { IsDeleted: false } stored)
            {
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = $"{baseUrl}/{type}/{id}",
                    Resource = serializer.ParseJson(stored.Json.Span),
                    Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include },
                });
            }
        }
    }
}
