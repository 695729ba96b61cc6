using EsmsDui.Connectors.Records.Evaluation;
using EsmsDui.Connectors.Records.Projet;
using EsmsDui.Fhir.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Connectors.Records;

/// <summary>Registers the operations that make documents of the record.</summary>
public static class RecordDocumentsServiceCollectionExtensions
{
    /// <summary>Adds <c>CarePlan/[id]/$projet-document</c> and <c>QuestionnaireResponse/[id]/$evaluation-document</c>.</summary>
    public static IServiceCollection AddEsmsDuiRecordDocuments(this IServiceCollection services)
    {
        services.AddFhirOperation<ProjetPersonnaliseDocumentOperation>(ProjetPersonnaliseDocumentOperation.Route);
        services.AddFhirOperation<AggirEvaluationDocumentOperation>(AggirEvaluationDocumentOperation.Route);
        return services;
    }
}
