using System.Xml.Linq;
using EsmsDui.Dossier.Identity.Insi;
using EsmsDui.Fhir.Errors;

namespace EsmsDui.Connectors.Insi;

/// <summary>Reads the teleservice's answer: a <c>RESULTAT</c> (CR and, for 00, the INS and its traits) or a SOAP fault.</summary>
public static class InsiResult
{
    /// <summary>The result namespace.</summary>
    public static readonly XNamespace Resultat = "http://www.cnamts.fr/INSiResultat";

    private static readonly XNamespace Siram = "urn:siram";

    /// <summary>The answer in <paramref name="document"/>; 502 for a fault or an answer that is not an INSi result.</summary>
    public static InsiAnswer Read(XDocument document, string messageId)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Descendants(InsiEnvelope.Soap + "Fault").FirstOrDefault() is { } fault)
        {
            var error = fault.Descendants().FirstOrDefault(e => e.Name.LocalName == "Erreur");
            var reason = error?.Value ?? fault.Descendants(InsiEnvelope.Soap + "Text").FirstOrDefault()?.Value ?? "no reason given";
            var code = error?.Attribute("code")?.Value;
            throw new FhirException(FhirErrorKind.BadGateway, $"INSi refused the request{(code is null ? string.Empty : $" ({code})")}: {reason}");
        }

        var result = document.Descendants(Resultat + "RESULTAT").FirstOrDefault()
            ?? throw new FhirException(FhirErrorKind.BadGateway, "INSi answered something that is not an INSi result (no RESULTAT).");
        var codeCr = Text(result, "CR", "CodeCR") ?? throw new FhirException(FhirErrorKind.BadGateway, "INSi answered a result without CodeCR.");
        var label = Text(result, "CR", "LibelleCR") ?? string.Empty;
        if (codeCr != InsiAnswer.Found)
        {
            return new InsiAnswer(codeCr, label, null, messageId);
        }

        var active = result.Element(Resultat + "INDIVIDU")?.Element(Resultat + "INSACTIF")
            ?? throw new FhirException(FhirErrorKind.BadGateway, "INSi answered 00 without INSACTIF.");
        var tiq = result.Element(Resultat + "INDIVIDU")!.Element(Resultat + "TIQ");
        string Required(XElement? parent, string name) => parent?.Element(Resultat + name)?.Value
            ?? throw new FhirException(FhirErrorKind.BadGateway, $"INSi answered 00 without {name}.");
        var identifier = active.Element(Resultat + "IdIndividu");
        return new InsiAnswer(codeCr, label, new InsiIdentity(
            Required(identifier, "NumIdentifiant") + Required(identifier, "Cle"),
            Required(active, "OID"),
            Required(tiq, "NomNaissance"),
            Required(tiq, "ListePrenom"),
            Required(tiq, "Sexe"),
            Required(tiq, "DateNaissance"),
            tiq?.Element(Resultat + "LieuNaissance")?.Value), messageId);
    }

    private static string? Text(XElement result, string parent, string name) => result.Element(Resultat + parent)?.Element(Resultat + name)?.Value;
}
