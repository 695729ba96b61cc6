using EsmsDui.Connectors.Records.Dlu;
using EsmsDui.Connectors.Records.Evaluation;
using EsmsDui.Connectors.Records.Liaison;
using EsmsDui.Connectors.Records.Projet;
using EsmsDui.Fhir.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Connectors.Records;

/// <summary>Registers the operations that make documents of the record.</summary>
public static class RecordDocumentsServiceCollectionExtensions
{
    /// <summary>Adds <c>CarePlan/[id]/$projet-document</c>, <c>QuestionnaireResponse/[id]/$evaluation-document</c>, <c>Patient/[id]/$dlu-document</c> and <c>Encounter/[id]/$liaison-document</c>.</summary>
    public static IServiceCollection AddEsmsDuiRecordDocuments(this IServiceCollection services)
    {
        services.AddFhirOperation<ProjetPersonnaliseDocumentOperation>(ProjetPersonnaliseDocumentOperation.Route);
        services.AddFhirOperation<AggirEvaluationDocumentOperation>(AggirEvaluationDocumentOperation.Route);
        services.AddFhirOperation<DluDocumentOperation>(DluDocumentOperation.Route);
        services.AddFhirOperation<LettreDeLiaisonOperation>(LettreDeLiaisonOperation.Route);
        return services;
    }
}
