using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Dossier.Evaluations;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Evaluation;

/// <summary>
/// <c>POST QuestionnaireResponse/[id]/$evaluation-document</c>: an AGGIR evaluation as a document of the record — a
/// PDF of the grid (each variable's modality, the GIR by the national algorithm) in a DocumentReference typed LOINC
/// 34842-5 (grille d'évaluation médico-sociale) whose context.related is the evaluation; rendered again after the
/// evaluation is corrected, a new version of the same DocumentReference.
/// </summary>
public sealed class AggirEvaluationDocumentOperation(IFhirEngine engine, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>The LOINC type of the document (JDV_J07-XdsTypeCode-CISIS).</summary>
    public static readonly Coding Type = new("http://loinc.org", "34842-5", "Grille d'évaluation médico-social");

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "evaluation-document", "QuestionnaireResponse", "https://esmsdui.org/fhir/OperationDefinition/QuestionnaireResponse-evaluation-document",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(AggirEvaluationDocumentOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        RecordReads.EnsureNoParameter(request, "$evaluation-document");
        var response = await RecordReads.ReadAsync<QuestionnaireResponse>(engine, serializer, $"QuestionnaireResponse/{id}", session, cancellationToken);
        var evaluation = AggirQuestionnaireResponse.Read(response);
        var (usager, establishment) = await RecordReads.UsagerAsync(engine, serializer, response.Subject, $"QuestionnaireResponse/{id}", "QuestionnaireResponse.subject", session, cancellationToken);
        var evaluator = response.Author ?? response.Source;
        var evaluatorName = evaluator?.Display ?? (evaluator?.Reference is { } who && who.StartsWith("Practitioner/", StringComparison.Ordinal)
            ? Name(await RecordReads.ReadAsync<Practitioner>(engine, serializer, who, session, cancellationToken))
            : null);
        var now = clock.GetUtcNow();
        var pdf = AggirEvaluationPdf.Render(response, evaluation, usager, establishment, evaluatorName, now);
        var period = response.Authored is { } authored ? new Period { Start = authored } : null;
        var rendered = RenderedDocument.OfPdf(Type, "Grille d'évaluation AGGIR", $"QuestionnaireResponse/{id}", usager, evaluator is { Reference: not null } ? evaluator : null, period, pdf);
        return await RenderedDocuments.SaveAsync(engine, serializer, rendered, now, session, cancellationToken);
    }

    private static string? Name(Practitioner practitioner) =>
        practitioner.Name.FirstOrDefault() is { } name ? string.Join(' ', name.Given.Concat([name.Family]).Where(p => !string.IsNullOrEmpty(p))) : null;
}
