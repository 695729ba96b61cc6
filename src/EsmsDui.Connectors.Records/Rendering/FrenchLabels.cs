using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace EsmsDui.Connectors.Records.Rendering;

/// <summary>How the rendered documents say names, dates and FHIR statuses to a French reader.</summary>
public static class FrenchLabels
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

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

    /// <summary>The usager's official name as it is read: given names then family name.</summary>
    public static string FullName(Patient usager)
    {
        ArgumentNullException.ThrowIfNull(usager);
        var name = usager.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? usager.Name.FirstOrDefault();
        return name is null ? $"Patient/{usager.Id}" : string.Join(' ', name.Given.Concat([name.Family]).Where(p => !string.IsNullOrEmpty(p)));
    }

    /// <summary>A FHIR date or dateTime as "15 mars 1942"; as given when it is not one.</summary>
    public static string? Date(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? Date(date) : value;

    /// <summary>An instant as "15 mars 1942".</summary>
    public static string Date(DateTimeOffset value) => value.ToString("d MMMM yyyy", French);
}
