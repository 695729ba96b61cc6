using System.Globalization;
using EsmsDui.Connectors.Records.Rendering;
using EsmsDui.Dossier.Evaluations;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Evaluation;

/// <summary>An AGGIR evaluation as a readable PDF: the usager, when and by whom, each discriminating variable's modality, and the GIR.</summary>
public static class AggirEvaluationPdf
{
    private static readonly Dictionary<AggirVariable, string> Names = new()
    {
        [AggirVariable.Coherence] = "Cohérence",
        [AggirVariable.Orientation] = "Orientation",
        [AggirVariable.Toilette] = "Toilette",
        [AggirVariable.Habillage] = "Habillage",
        [AggirVariable.Alimentation] = "Alimentation",
        [AggirVariable.Elimination] = "Élimination",
        [AggirVariable.Transferts] = "Transferts",
        [AggirVariable.DeplacementsInterieur] = "Déplacements à l'intérieur",
        [AggirVariable.DeplacementsExterieur] = "Déplacements à l'extérieur",
        [AggirVariable.Communication] = "Communication à distance",
    };

    private static readonly Dictionary<AggirModality, string> Modalities = new()
    {
        [AggirModality.A] = "A — fait seul, totalement, habituellement et correctement",
        [AggirModality.B] = "B — fait partiellement, ou non habituellement, ou non correctement",
        [AggirModality.C] = "C — ne fait pas",
    };

    /// <summary>The PDF of the evaluation <paramref name="evaluation"/> recorded by <paramref name="response"/> about <paramref name="usager"/>.</summary>
    public static byte[] Render(QuestionnaireResponse response, AggirEvaluation evaluation, Patient usager, Organization? establishment, string? evaluator, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(usager);
        var fullName = FrenchLabels.FullName(usager);
        var gir = AggirAlgorithm.Gir(evaluation.Modalities);
        using var pdf = new PdfTextWriter("Grille d'évaluation AGGIR", $"{fullName} — évaluation AGGIR, éditée le {FrenchLabels.Date(now)}", now);

        pdf.Heading("Usager");
        pdf.Field("Nom", fullName);
        pdf.Field("Date de naissance", FrenchLabels.Date(usager.BirthDate));
        pdf.Field("Établissement", establishment?.Name);

        pdf.Heading("Évaluation");
        pdf.Field("Date", FrenchLabels.Date(response.Authored));
        pdf.Field("Évaluateur", evaluator);
        pdf.Field("Statut", FrenchLabels.Status(response.Status));

        pdf.Heading("Variables discriminantes");
        foreach (var (variable, label) in Names)
        {
            pdf.Field(label, evaluation.Modalities.TryGetValue(variable, out var modality) ? Modalities[modality] : "non renseignée");
        }

        pdf.Heading("Résultat");
        pdf.Field("GIR (algorithme national, annexe 2-1 du CASF)", gir.ToString(CultureInfo.InvariantCulture));
        if (evaluation.DeclaredGir is { } declared && declared != gir)
        {
            pdf.Field("GIR déclaré par l'évaluation", declared.ToString(CultureInfo.InvariantCulture));
        }

        return pdf.ToArray();
    }
}
