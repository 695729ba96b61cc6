using Hl7.Fhir.Utility;

namespace EsmsDui.Connectors.Records.Rendering;

/// <summary>How the rendered documents say FHIR statuses to a French reader.</summary>
public static class FrenchLabels
{
    private static readonly Dictionary<string, string> Statuses = new(StringComparer.Ordinal)
    {
        ["active"] = "en cours",
        ["in-progress"] = "en cours",
        ["draft"] = "brouillon",
        ["proposed"] = "proposé",
        ["planned"] = "planifié",
        ["requested"] = "demandé",
        ["accepted"] = "accepté",
        ["ready"] = "prêt",
        ["received"] = "reçu",
        ["on-hold"] = "suspendu",
        ["completed"] = "terminé",
        ["achieved"] = "atteint",
        ["revoked"] = "révoqué",
        ["cancelled"] = "annulé",
        ["rejected"] = "refusé",
        ["failed"] = "échoué",
        ["inactive"] = "inactif",
        ["amended"] = "modifié",
        ["entered-in-error"] = "saisi par erreur",
        ["unknown"] = "inconnu",
    };

    /// <summary>The French label of a FHIR status code (its literal when none is known), or null.</summary>
    public static string? Status<T>(T? status)
        where T : struct, Enum
    {
        if (status is not { } value)
        {
            return null;
        }

        var literal = value.GetLiteral() ?? value.ToString();
        return Statuses.GetValueOrDefault(literal, literal);
    }
}
