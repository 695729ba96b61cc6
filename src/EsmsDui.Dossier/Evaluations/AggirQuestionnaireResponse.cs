using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Evaluations;

/// <summary>
/// Reads the AGGIR evaluations of TDDUI (questionnaires <c>tddui-questionnaire-aggir-pa-ssiad</c> and
/// <c>-aggir-ph-ssiad</c>): each grid item carries the modality as an ICF qualifier (qf0 no help → A, qf2 → B,
/// qf4 → C) and the four adverbs as boolean sub-items; the modality is read from the qualifier, else from the adverbs.
/// </summary>
public static class AggirQuestionnaireResponse
{
    private const string TdduiQuestionnaires = "https://interop.esante.gouv.fr/ig/fhir/tddui/Questionnaire/";
    private const string Icf = "http://hl7.org/fhir/sid/icf";
    private const string ResultItem = "resultat-eval";

    // The grid items of each questionnaire, per discriminating variable (several: the variable's parts).
    private static readonly Dictionary<string, Dictionary<AggirVariable, string[]>> Grids = new(StringComparer.Ordinal)
    {
        [TdduiQuestionnaires + "tddui-questionnaire-aggir-pa-ssiad"] = new()
        {
            [AggirVariable.Coherence] = ["fonction-pensee"],
            [AggirVariable.Orientation] = ["fonction-orientation"],
            [AggirVariable.Toilette] = ["se-laver", "prendre-soin"],
            [AggirVariable.Habillage] = ["mettre-vetement", "motricite-fine", "mettre-chaussure"],
            [AggirVariable.Alimentation] = ["manger", "passage-aliment"],
            [AggirVariable.Elimination] = ["assurer-regulation-miction", "assurer-regulation-defecation"],
            [AggirVariable.Transferts] = ["position-corps"],
            [AggirVariable.DeplacementsInterieur] = ["deplacer-maison"],
            [AggirVariable.DeplacementsExterieur] = ["deplacer-dehors"],
            [AggirVariable.Communication] = ["appareil-communication"],
        },
        [TdduiQuestionnaires + "tddui-questionnaire-aggir-ph-ssiad"] = new()
        {
            [AggirVariable.Coherence] = ["fonction-pensee"],
            [AggirVariable.Orientation] = ["fonction-orientation"],
            [AggirVariable.Toilette] = ["se-laver"],
            [AggirVariable.Habillage] = ["s'habiller"],
            [AggirVariable.Alimentation] = ["manger"],
            [AggirVariable.Elimination] = ["aller-aux-toilettes"],
            [AggirVariable.Transferts] = ["position-corps"],
            [AggirVariable.DeplacementsInterieur] = ["deplacer-maison"],
            [AggirVariable.DeplacementsExterieur] = ["deplacer-hors-maison"],
            [AggirVariable.Communication] = ["appareil-communication"],
        },
    };

    private static readonly string[] Adverbs = ["-spont", "-tot", "-correct", "-habit"];

    /// <summary>The canonical URLs of the AGGIR questionnaires read.</summary>
    public static IReadOnlyCollection<string> Questionnaires => Grids.Keys;

    /// <summary>True when the response answers one of the AGGIR questionnaires.</summary>
    public static bool IsAggir(QuestionnaireResponse response) => response?.Questionnaire is { } url && Grids.ContainsKey(url.Split('|')[0]);

    /// <summary>The evaluation a response records; 422 naming every item that gives no modality.</summary>
    public static AggirEvaluation Read(QuestionnaireResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!IsAggir(response))
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"The response answers {response.Questionnaire ?? "no questionnaire"}, not an AGGIR evaluation ({string.Join(" or ", Questionnaires)}).",
                OperationOutcome.IssueType.BusinessRule, "QuestionnaireResponse.questionnaire");
        }

        var items = Flatten(response.Item).GroupBy(i => i.LinkId).ToDictionary(g => g.Key ?? string.Empty, g => g.First(), StringComparer.Ordinal);
        var problems = new List<OperationOutcome.IssueComponent>();
        var modalities = new Dictionary<AggirVariable, AggirModality>();
        foreach (var (variable, linkIds) in Grids[response.Questionnaire!.Split('|')[0]])
        {
            var parts = linkIds.Select(linkId => Modality(items, linkId, problems)).OfType<AggirModality>().ToList();
            if (parts.Count == linkIds.Length)
            {
                modalities[variable] = AggirCombination.Combine(variable, parts);
            }
        }

        return problems.Count > 0
            ? throw new FhirException(FhirErrorKind.Unprocessable, problems)
            : new AggirEvaluation(modalities, DeclaredGir(items));
    }

    private static AggirModality? Modality(Dictionary<string, QuestionnaireResponse.ItemComponent> items, string linkId, List<OperationOutcome.IssueComponent> problems)
    {
        if (!items.TryGetValue(linkId, out var item))
        {
            problems.Add(Problem($"The AGGIR item '{linkId}' is not answered.", linkId));
            return null;
        }

        var qualifier = item.Answer.Select(a => a.Value).OfType<Coding>().FirstOrDefault(c => c.System == Icf)?.Code;
        switch (qualifier)
        {
            case "qf0":
                return AggirModality.A;
            case "qf2":
                return AggirModality.B;
            case "qf4":
                return AggirModality.C;
            case not null:
                problems.Add(Problem($"The AGGIR item '{linkId}' answers the ICF qualifier '{qualifier}'; the grid uses qf0, qf2 or qf4.", linkId));
                return null;
        }

        var adverbs = Adverbs.Select(suffix => items.TryGetValue(AdverbItem(linkId, items, suffix), out var adverb)
            ? adverb.Answer.Select(a => a.Value).OfType<FhirBoolean>().FirstOrDefault()?.Value
            : null).ToList();
        if (adverbs.Any(a => a is null))
        {
            problems.Add(Problem($"The AGGIR item '{linkId}' has neither a qf0/qf2/qf4 answer nor its four adverbs (spontanément, totalement, correctement, habituellement).", linkId));
            return null;
        }

        return AggirCombination.FromAdverbs(adverbs[0]!.Value, adverbs[1]!.Value, adverbs[2]!.Value, adverbs[3]!.Value);
    }

    // The adverb items are nested under their grid item, with link ids of their own prefix ("laver-spont" under "se-laver").
    private static string AdverbItem(string linkId, Dictionary<string, QuestionnaireResponse.ItemComponent> items, string suffix)
    {
        var nested = Flatten([items[linkId]]).Select(i => i.LinkId).FirstOrDefault(id => id?.EndsWith(suffix, StringComparison.Ordinal) == true);
        return nested ?? linkId + suffix;
    }

    private static int? DeclaredGir(Dictionary<string, QuestionnaireResponse.ItemComponent> items) =>
        items.TryGetValue(ResultItem, out var result)
        && result.Answer.Select(a => a.Value).OfType<Coding>().FirstOrDefault()?.Display is { } display
        && display.StartsWith("GIR-", StringComparison.Ordinal)
        && int.TryParse(display.AsSpan(4), out var gir) && gir is >= 1 and <= 6
            ? gir
            : null;

    private static IEnumerable<QuestionnaireResponse.ItemComponent> Flatten(IEnumerable<QuestionnaireResponse.ItemComponent> items)
    {
        foreach (var item in items)
        {
            yield return item;
            foreach (var nested in Flatten(item.Item.Concat(item.Answer.SelectMany(a => a.Item))))
            {
                yield return nested;
            }
        }
    }

    private static OperationOutcome.IssueComponent Problem(string text, string linkId) =>
        FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required, text, $"QuestionnaireResponse.item.where(linkId='{linkId}')");
}
