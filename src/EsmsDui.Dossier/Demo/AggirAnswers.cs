using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Demo;

/// <summary>Drawn answers to the TDDUI AGGIR PA questionnaire: per item an ICF qualifier and the four adverbs that agree with it.</summary>
internal static class AggirAnswers
{
    private const string Questionnaire = "https://interop.esante.gouv.fr/ig/fhir/tddui/Questionnaire/tddui-questionnaire-aggir-pa-ssiad";
    private const string Icf = "http://hl7.org/fhir/sid/icf";

    // Grid items of the questionnaire and the prefix of their adverb items.
    private static readonly (string LinkId, string Adverbs, string Text)[] Items =
    [
        ("fonction-pensee", "pensee", "Fonctions de la pensée"),
        ("fonction-orientation", "orientation", "Fonctions d'orientation"),
        ("se-laver", "laver", "Se laver des parties du corps"),
        ("prendre-soin", "prendre-soin", "Prendre soin des parties de son corps"),
        ("mettre-vetement", "mettre-vetement", "Mettre des vêtements"),
        ("motricite-fine", "motricite-fine", "Activités de motricité fine"),
        ("mettre-chaussure", "mettre-chaussure", "Mettre des chaussures"),
        ("manger", "manger", "Manger"),
        ("passage-aliment", "passage-aliment", "Passage des aliments par l'estomac et les intestins"),
        ("assurer-regulation-miction", "miction", "Assurer la régulation de la miction"),
        ("assurer-regulation-defecation", "defecation", "Assurer la régulation de la défécation"),
        ("position-corps", "position-corps", "Changer la position corporelle de base"),
        ("deplacer-maison", "deplacer-maison", "Se déplacer dans la maison"),
        ("deplacer-dehors", "deplacer-dehors", "Se déplacer en dehors de la maison et d'autres bâtiments"),
        ("appareil-communication", "appareil", "Utiliser d'autres appareils et techniques de communication précisés"),
    ];

    private static readonly (string Suffix, string Text)[] AdverbItems =
        [("spont", "fait spontanément"), ("tot", "fait totalement"), ("correct", "fait correctement"), ("habit", "fait habituellement")];

    /// <summary>A completed response (its result item still to be given the GIR).</summary>
    public static QuestionnaireResponse Draw(Random random)
    {
        var grid = Items.Select(item =>
        {
            var draw = random.Next(100);
            var (qualifier, display) = draw < 40 ? ("qf0", "aucun facilitateur") : draw < 75 ? ("qf2", "facilitateur modéré") : ("qf4", "facilitateur absolu");
            var done = qualifier switch
            {
                "qf0" => [true, true, true, true],
                "qf4" => [false, false, false, false],
                _ => Partly(random),
            };
            return new QuestionnaireResponse.ItemComponent
            {
                LinkId = item.LinkId,
                Text = item.Text,
                Answer =
                [
                    new QuestionnaireResponse.AnswerComponent
                    {
                        Value = new Coding(Icf, qualifier, display),
                        Item = [.. AdverbItems.Select((a, i) => new QuestionnaireResponse.ItemComponent
                        {
                            LinkId = $"{item.Adverbs}-{a.Suffix}",
                            Text = a.Text,
                            Answer = [new QuestionnaireResponse.AnswerComponent { Value = new FhirBoolean(done[i]) }],
                        })],
                    },
                ],
            };
        }).ToList();
        return new QuestionnaireResponse
        {
            Questionnaire = Questionnaire,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Item =
            [
                new QuestionnaireResponse.ItemComponent
                {
                    LinkId = "resultat-eval",
                    Text = "Résultat évaluation",
                    Answer = [new QuestionnaireResponse.AnswerComponent { Item = grid }],
                },
            ],
        };
    }

    // B: at least one adverb done and one not.
    private static bool[] Partly(Random random)
    {
        var done = Enumerable.Range(0, 4).Select(_ => random.Next(2) == 0).ToArray();
        var (yes, no) = (random.Next(4), random.Next(3));
        done[yes] = true;
        done[no >= yes ? no + 1 : no] = false;
        return done;
    }
}
