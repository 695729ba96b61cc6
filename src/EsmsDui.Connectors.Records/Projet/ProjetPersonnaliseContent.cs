using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Projet;

/// <summary>What a projet personnalisé document shows: the CarePlan, its usager and establishment, and what is based on it (TDDUI).</summary>
/// <param name="CarePlan">The projet (tddui-careplan-projet-personnalise).</param>
/// <param name="Usager">The usager.</param>
/// <param name="Establishment">The establishment that holds the record, when named.</param>
/// <param name="Besoins">The needs (ServiceRequest based on the projet).</param>
/// <param name="Objectifs">The goals (Goal whose tddui-careplan-reference is the projet).</param>
/// <param name="Actions">The actions (Task based on the projet).</param>
/// <param name="Accords">The usager's agreements to the projet (Consent of CarePlan.supportingInfo).</param>
public sealed record ProjetPersonnaliseContent(
    CarePlan CarePlan,
    Patient Usager,
    Organization? Establishment,
    IReadOnlyList<ServiceRequest> Besoins,
    IReadOnlyList<Goal> Objectifs,
    IReadOnlyList<Hl7.Fhir.Model.Task> Actions,
    IReadOnlyList<Consent> Accords);
