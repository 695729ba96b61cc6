using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Dossier.Evaluations;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
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
        if (request.Body is Parameters { Parameter.Count: > 0 } body)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"$evaluation-document takes no parameter ('{body.Parameter[0].Name}' given).", OperationOutcome.IssueType.NotSupported, body.Parameter[0].Name);
        }

        var response = await ReadAsync<QuestionnaireResponse>($"QuestionnaireResponse/{id}", session, cancellationToken);
        var evaluation = AggirQuestionnaireResponse.Read(response);
        var usager = response.Subject?.Reference is { } subject && subject.StartsWith("Patient/", StringComparison.Ordinal)
            ? await ReadAsync<Patient>(subject, session, cancellationToken)
            : throw new FhirException(FhirErrorKind.Unprocessable, $"QuestionnaireResponse/{id} names no usager (QuestionnaireResponse.subject, a Patient).", OperationOutcome.IssueType.BusinessRule, "QuestionnaireResponse.subject");
        var establishment = usager.ManagingOrganization?.Reference is { } organization && organization.StartsWith("Organization/", StringComparison.Ordinal)
            ? await ReadAsync<Organization>(organization, session, cancellationToken)
            : null;
        var evaluator = response.Author ?? response.Source;
        var evaluatorName = evaluator?.Display ?? (evaluator?.Reference is { } who && who.StartsWith("Practitioner/", StringComparison.Ordinal)
            ? Name(await ReadAsync<Practitioner>(who, session, cancellationToken))
            : null);
        var now = clock.GetUtcNow();
        var pdf = AggirEvaluationPdf.Render(response, evaluation, usager, establishment, evaluatorName, now);
        var period = response.Authored is { } authored ? new Period { Start = authored } : null;
        var rendered = new RenderedDocument(Type, "Grille d'évaluation AGGIR", $"QuestionnaireResponse/{id}", usager, evaluator is { Reference: not null } ? evaluator : null, period, pdf);
        return await RenderedDocuments.SaveAsync(engine, serializer, rendered, now, session, cancellationToken);
    }

    private static string? Name(Practitioner practitioner) =>
        practitioner.Name.FirstOrDefault() is { } name ? string.Join(' ', name.Given.Concat([name.Family]).Where(p => !string.IsNullOrEmpty(p))) : null;

    private async Task<T> ReadAsync<T>(string reference, WriteSession? session, CancellationToken cancellationToken)
        where T : Resource
    {
        var (resourceType, id) = (reference.Split('/')[0], reference.Split('/')[1]);
        return (T)serializer.ParseJson((await engine.ReadAsync(resourceType, id, session, cancellationToken)).Json.Span);
    }
}
