using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Evaluations;

/// <summary>
/// <c>QuestionnaireResponse/$gir</c>: the GIR of an AGGIR evaluation by the official algorithm. At type level (the
/// response in the body) and by GET on a stored response it only computes; <c>POST QuestionnaireResponse/[id]/$gir</c>
/// also records the result as an Observation derived from the response (updated, not duplicated, when run again).
/// </summary>
public sealed class GirOperation(IFhirEngine engine, FhirSerializer serializer, TimeProvider clock) : IFhirOperationHandler
{
    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "gir", "QuestionnaireResponse", "https://esmsdui.org/fhir/OperationDefinition/QuestionnaireResponse-gir",
        TypeLevel: true, InstanceLevel: true, AffectsState: false, typeof(GirOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = id is null
            ? Body(request)
            : serializer.ParseJson((await engine.ReadAsync(type, id, session, cancellationToken)).Json.Span) as QuestionnaireResponse
              ?? throw new FhirException(FhirErrorKind.Invalid, $"{type}/{id} is not a QuestionnaireResponse.");
        var evaluation = AggirQuestionnaireResponse.Read(response);
        var rank = AggirAlgorithm.Rank(evaluation.Modalities);
        var gir = AggirAlgorithm.Gir(evaluation.Modalities);

        var answer = new Parameters();
        answer.Add("gir", new Integer(gir));
        answer.Add("rank", new Integer(rank));
        foreach (var (variable, modality) in evaluation.Modalities.OrderBy(m => m.Key))
        {
            answer.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "variable",
                Part =
                [
                    new() { Name = "code", Value = new Code(EvaluationCodes.VariableCode(variable)) },
                    new() { Name = "modality", Value = new Code(modality.ToString()) },
                ],
            });
        }

        if (evaluation.DeclaredGir is { } declared && declared != gir)
        {
            answer.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "issues",
                Resource = new OperationOutcome
                {
                    Issue = [FhirException.Issue(OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.BusinessRule,
                        $"The evaluation declares GIR {declared}; its answers give GIR {gir} (rank {rank}) by the official algorithm.", "QuestionnaireResponse.item.where(linkId='resultat-eval')")],
                },
            });
        }

        if (id is not null && request.IsPost)
        {
            var observation = await RecordAsync(response, id, evaluation, rank, gir, session, cancellationToken);
            answer.Parameter.Add(new Parameters.ParameterComponent { Name = "observation", Resource = observation });
        }

        return FhirResponse.Ok(answer);
    }

    private static QuestionnaireResponse Body(OperationRequest request) => request.Body switch
    {
        QuestionnaireResponse response => response,
        Parameters => request.Input.Value<QuestionnaireResponse>("response")
            ?? throw new FhirException(FhirErrorKind.Invalid, "Give the evaluation as the 'response' parameter (a QuestionnaireResponse).", OperationOutcome.IssueType.Required),
        _ => throw new FhirException(FhirErrorKind.Invalid, "$gir takes the evaluation (a QuestionnaireResponse) in the body, or is called on a stored one: QuestionnaireResponse/[id]/$gir.", OperationOutcome.IssueType.Required),
    };

    // One Observation per evaluation: the one derived from it is updated when the GIR is computed again.
    private async Task<Observation> RecordAsync(
        QuestionnaireResponse response, string id, AggirEvaluation evaluation, int rank, int gir, WriteSession? session, CancellationToken cancellationToken)
    {
        if (response.Subject?.Reference is null)
        {
            throw new FhirException(FhirErrorKind.Unprocessable, "The evaluation has no subject: the GIR cannot be recorded for a usager.", OperationOutcome.IssueType.Required, "QuestionnaireResponse.subject");
        }

        var observation = GirObservation.Build(response, id, evaluation, rank, gir, clock.GetUtcNow());
        var owned = session ?? new WriteSession(isTransaction: false);
        var existing = await engine.MatchAsync("Observation", $"derived-from=QuestionnaireResponse/{id}&code={EvaluationCodes.System}|{EvaluationCodes.Gir}", cancellationToken);
        var written = existing.Count > 0
            ? await engine.UpdateAsync("Observation", existing[0].Id, WithId(observation, existing[0].Id), null, owned, cancellationToken)
            : await engine.CreateAsync(observation, owned, cancellationToken);
        return (Observation)written.Resource;
    }

    private static Observation WithId(Observation observation, string id)
    {
        observation.Id = id;
        return observation;
    }
}
