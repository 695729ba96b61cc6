using EsmsDui.Dossier.Evaluations;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;
using static EsmsDui.Dossier.Evaluations.AggirModality;
using static EsmsDui.Dossier.Evaluations.AggirVariable;

namespace EsmsDui.Dossier.UnitTests.Evaluations;

public class AggirQuestionnaireResponseTests
{
    private const string PaExample = "QuestionnaireResponse-tddui-questionnaire-response-aggir-pa-example.json";
    private const string PhExample = "QuestionnaireResponse-tddui-questionnaire-response-aggir-ph-example.json";

    [Fact]
    public void Published_PA_example_reads_the_grid_and_gives_the_GIR_it_declares()
    {
        var evaluation = AggirQuestionnaireResponse.Read(TdduiExamples.Read<QuestionnaireResponse>(PaExample));

        // By hand from the example's answers: se-laver C + prendre-soin C → C; vêtement C, motricité fine B,
        // chaussures C → B; manger B + passage des aliments A → B; miction B + défécation B → B.
        var expected = new Dictionary<AggirVariable, AggirModality>
        {
            [Coherence] = A,
            [Orientation] = A,
            [Toilette] = C,
            [Habillage] = B,
            [Alimentation] = B,
            [Elimination] = B,
            [Transferts] = C,
            [DeplacementsInterieur] = C,
            [DeplacementsExterieur] = C,
            [AggirVariable.Communication] = A,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), evaluation.Modalities.OrderBy(e => e.Key));
        Assert.Equal(2, evaluation.DeclaredGir);
        Assert.Equal(2, AggirAlgorithm.Gir(evaluation.Modalities));
    }

    [Fact]
    public void Published_PH_example_reads_its_single_items_and_gives_the_GIR_it_declares()
    {
        var evaluation = AggirQuestionnaireResponse.Read(TdduiExamples.Read<QuestionnaireResponse>(PhExample));
        Assert.Equal(10, evaluation.Modalities.Count);
        Assert.Equal(2, evaluation.DeclaredGir);
        Assert.Equal(2, AggirAlgorithm.Gir(evaluation.Modalities));
    }

    [Fact]
    public void Without_qualifiers_the_modalities_come_from_the_four_adverbs()
    {
        var response = TdduiExamples.Read<QuestionnaireResponse>(PaExample);
        var withQualifiers = AggirQuestionnaireResponse.Read(response).Modalities;
        foreach (var answer in Items(response.Item).SelectMany(i => i.Answer).Where(a => a.Value is Coding { System: "http://hl7.org/fhir/sid/icf" }))
        {
            answer.Value = null;
        }

        Assert.Equal(withQualifiers.OrderBy(e => e.Key), AggirQuestionnaireResponse.Read(response).Modalities.OrderBy(e => e.Key));
    }

    [Fact]
    public void An_unanswered_grid_item_is_refused_with_422_naming_it()
    {
        var response = TdduiExamples.Read<QuestionnaireResponse>(PaExample);
        var grid = response.Item[0].Answer[0].Item;
        grid.RemoveAll(i => i.LinkId == "position-corps");

        var error = Assert.Throws<FhirException>(() => AggirQuestionnaireResponse.Read(response));
        Assert.Equal(FhirErrorKind.Unprocessable, error.Kind);
        Assert.Contains(error.Issues, i => i.Diagnostics.Contains("'position-corps'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_response_to_another_questionnaire_is_refused_with_422()
    {
        var response = new QuestionnaireResponse { Questionnaire = "https://interop.esante.gouv.fr/ig/fhir/tddui/Questionnaire/tddui-questionnaire-serafin", Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed };
        var error = Assert.Throws<FhirException>(() => AggirQuestionnaireResponse.Read(response));
        Assert.Equal(FhirErrorKind.Unprocessable, error.Kind);
    }

    [Theory]
    [InlineData(Toilette, "AA", A)]
    [InlineData(Toilette, "CC", C)]
    [InlineData(Toilette, "AC", B)]
    [InlineData(Toilette, "BA", B)]
    [InlineData(Habillage, "AAA", A)]
    [InlineData(Habillage, "CCC", C)]
    [InlineData(Habillage, "CBC", B)]
    [InlineData(Habillage, "ACC", B)]
    [InlineData(Alimentation, "BC", C)]
    [InlineData(Alimentation, "CB", C)]
    [InlineData(Alimentation, "AC", B)]
    [InlineData(Alimentation, "BB", B)]
    [InlineData(Elimination, "AC", C)]
    [InlineData(Elimination, "CB", C)]
    [InlineData(Elimination, "AB", B)]
    [InlineData(Elimination, "BB", B)]
    [InlineData(Elimination, "AA", A)]
    public void Parts_combine_by_the_rules_of_the_guide(AggirVariable variable, string parts, AggirModality expected) =>
        Assert.Equal(expected, AggirCombination.Combine(variable, [.. parts.Select(p => Enum.Parse<AggirModality>(p.ToString()))]));

    [Theory]
    [InlineData(true, true, true, true, A)]
    [InlineData(false, false, false, false, C)]
    [InlineData(true, false, true, true, B)]
    [InlineData(false, false, false, true, B)]
    public void Adverbs_give_A_when_all_hold_C_when_none_B_otherwise(bool spontaneously, bool totally, bool correctly, bool habitually, AggirModality expected) =>
        Assert.Equal(expected, AggirCombination.FromAdverbs(spontaneously, totally, correctly, habitually));

    private static IEnumerable<QuestionnaireResponse.ItemComponent> Items(IEnumerable<QuestionnaireResponse.ItemComponent> items) =>
        items.SelectMany(i => Items(i.Item.Concat(i.Answer.SelectMany(a => a.Item))).Prepend(i));
}
