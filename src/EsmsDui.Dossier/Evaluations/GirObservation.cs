using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Evaluations;

/// <summary>The Observation that records a computed GIR: value, rank and the modality of each variable, derived from the evaluation.</summary>
public static class GirObservation
{
    private static readonly CodeableConcept Survey = new("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey");

    /// <summary>The Observation for the evaluation <paramref name="response"/> (stored as QuestionnaireResponse/<paramref name="responseId"/>).</summary>
    public static Observation Build(QuestionnaireResponse response, string responseId, AggirEvaluation evaluation, int rank, int gir, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(evaluation);
        return new Observation
        {
            Status = ObservationStatus.Final,
            Category = [Survey],
            Code = new CodeableConcept
            {
                Coding = [new Coding(EvaluationCodes.System, EvaluationCodes.Gir, "Groupe iso-ressources (GIR)")],
                Text = "GIR calculé par l'algorithme AGGIR (annexe 2-2 du CASF)",
            },
            Subject = response.Subject,
            Encounter = response.Encounter,
            Effective = response.AuthoredElement is { } authored ? new FhirDateTime(authored.Value) : new FhirDateTime(now),
            Performer = response.Author is { } author ? [author] : [],
            DerivedFrom = [new ResourceReference($"QuestionnaireResponse/{responseId}")],
            Value = new CodeableConcept { Coding = [EvaluationCodes.GirCoding(gir)], Text = $"GIR {gir}" },
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept { Coding = [new Coding(EvaluationCodes.System, EvaluationCodes.Rank, "Rang AGGIR")] }, Value = new Integer(rank) },
                .. evaluation.Modalities.OrderBy(m => m.Key).Select(m => new Observation.ComponentComponent
                {
                    Code = new CodeableConcept { Coding = [new Coding(EvaluationCodes.System, EvaluationCodes.VariableCode(m.Key), EvaluationCodes.VariableDisplay(m.Key))] },
                    Value = new FhirString(m.Value.ToString()),
                }),
            ],
        };
    }
}
