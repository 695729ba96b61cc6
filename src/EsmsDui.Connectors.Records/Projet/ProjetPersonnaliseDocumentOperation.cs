using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Projet;

/// <summary>
/// <c>POST CarePlan/[id]/$projet-document</c>: the projet personnalisé (d'accompagnement) as a document of the record
/// — a PDF rendered from the CarePlan and what is based on it (besoins, objectifs, actions, accord), in a
/// DocumentReference typed LOINC 80788-3 whose context.related is the CarePlan. Rendered again after the projet is
/// revised, it is a new version of the same DocumentReference, so that a connector sending it replaces the earlier
/// version where it was sent (the DMP's RPLC).
/// </summary>
public sealed class ProjetPersonnaliseDocumentOperation(IFhirEngine engine, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>The LOINC type of the document (JDV_J07-XdsTypeCode-CISIS).</summary>
    public static readonly Coding Type = new("http://loinc.org", "80788-3", "Projet personnalisé d'accompagnement");

    // What one projet can hold in a readable document; more is a record to clean, not to print.
    private const int MaxItems = 200;

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "projet-document", "CarePlan", "https://esmsdui.org/fhir/OperationDefinition/CarePlan-projet-document",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(ProjetPersonnaliseDocumentOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        RecordReads.EnsureNoParameter(request, "$projet-document");
        var carePlan = await RecordReads.ReadAsync<CarePlan>(engine, serializer, $"CarePlan/{id}", session, cancellationToken);
        var (usager, establishment) = await RecordReads.UsagerAsync(engine, serializer, carePlan.Subject, $"CarePlan/{id}", "CarePlan.subject", session, cancellationToken);
        var usagerId = usager.Id;
        var basedOn = $"based-on=CarePlan/{id}";
        var content = new ProjetPersonnaliseContent(
            carePlan, usager, establishment,
            await FindAsync<ServiceRequest>("ServiceRequest", basedOn, cancellationToken),
            [.. (await FindAsync<Goal>("Goal", $"subject=Patient/{usagerId}", cancellationToken)).Where(g => g.Extension.Exists(e => e.Value is ResourceReference r && r.Reference == $"CarePlan/{id}"))],
            await FindAsync<Hl7.Fhir.Model.Task>("Task", basedOn, cancellationToken),
            [.. await AccordsAsync(carePlan, session, cancellationToken)]);
        var now = clock.GetUtcNow();
        var pdf = ProjetPersonnalisePdf.Render(content, now);

        var rendered = RenderedDocument.OfPdf(
            Type, carePlan.Title ?? Type.Display!, $"CarePlan/{id}", usager, carePlan.Author ?? carePlan.Contributor.FirstOrDefault(), carePlan.Period, pdf);
        return await RenderedDocuments.SaveAsync(engine, serializer, rendered, now, session, cancellationToken);
    }

    private async Task<IEnumerable<Consent>> AccordsAsync(CarePlan carePlan, WriteSession? session, CancellationToken cancellationToken)
    {
        var accords = new List<Consent>();
        foreach (var reference in carePlan.SupportingInfo.Select(s => s.Reference).OfType<string>().Where(r => r.StartsWith("Consent/", StringComparison.Ordinal)).Take(MaxItems))
        {
            accords.Add(await RecordReads.ReadAsync<Consent>(engine, serializer, reference, session, cancellationToken));
        }

        return accords;
    }

    private async Task<List<T>> FindAsync<T>(string resourceType, string criteria, CancellationToken cancellationToken)
        where T : Resource => [.. (await engine.FindReachableAsync(resourceType, criteria, MaxItems, cancellationToken)).Select(s => (T)serializer.ParseJson(s.Json.Span))];
}
