using System.Globalization;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Records.Rendering;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Liaison;

/// <summary>Which letter: at the entry into the establishment, or at the exit from it.</summary>
public enum LiaisonDirection
{
    /// <summary>Lettre de liaison d'entrée en structure sociale ou médico-sociale (LOINC 88348-8).</summary>
    Entree,

    /// <summary>Lettre de liaison à la sortie d'une structure sociale ou médico-sociale (LOINC 83981-1).</summary>
    Sortie,
}

/// <summary>
/// The lettre de liaison of a séjour: who the usager is, the séjour (dates, where from or where to, why), whom to call,
/// and what the next team must know from the record (pathologies, allergies, treatments, state, autonomy, last vital
/// signs, the projet personnalisé), as headed blocks of lines rendered as a PDF.
/// </summary>
/// <param name="Direction">Entry or exit.</param>
/// <param name="Usager">The usager.</param>
/// <param name="Establishment">The establishment, when known.</param>
/// <param name="Sejour">The séjour (Encounter).</param>
/// <param name="Counterpart">Where the usager comes from (entry) or goes to (exit), in words, when known.</param>
/// <param name="Record">What the record says (read as for the DLU).</param>
/// <param name="Projets">The usager's active projets personnalisés.</param>
/// <param name="Author">Who writes the letter.</param>
public sealed record LettreDeLiaison(
    LiaisonDirection Direction, Patient Usager, Organization? Establishment, Encounter Sejour, string? Counterpart, DluContent Record, IReadOnlyList<CarePlan> Projets, CdaProfessional Author)
{
    /// <summary>The letter's LOINC type (JDV_J07-XdsTypeCode-CISIS).</summary>
    public static Coding TypeOf(LiaisonDirection direction) => direction == LiaisonDirection.Sortie
        ? new("http://loinc.org", "83981-1", "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale")
        : new("http://loinc.org", "88348-8", "Lettre de liaison d'entrée en structure sociale ou médico-sociale");

    /// <summary>The letter's title.</summary>
    public string Title => Direction == LiaisonDirection.Sortie ? "Lettre de liaison à la sortie" : "Lettre de liaison d'entrée";

    /// <summary>The letter as headed blocks of lines, in reading order.</summary>
    public IReadOnlyList<(string Heading, IReadOnlyList<string> Lines)> Blocks()
    {
        var record = Record;
        var blocks = new List<(string, IReadOnlyList<string>)>
        {
            ("Usager", [$"Nom : {FrenchLabels.FullName(Usager)}", $"Date de naissance : {FrenchLabels.Date(Usager.BirthDate) ?? "non renseignée"}", $"Établissement : {Establishment?.Name ?? "non renseigné"}"]),
            ("Séjour", SejourLines()),
            ("Contacts", ContactLines()),
            ("Pathologies en cours", Or(record.ActiveProblems.Select(p => p.Text + Since(p.Start)), "Aucune enregistrée.")),
            ("Antécédents", Or(record.History.Select(p => p.Text + Since(p.Start)), "Aucun enregistré.")),
            ("Allergies et intolérances", Or(record.Allergies.Select(a => $"{a.Agent} ({a.Kind.Display})"), "Aucune connue.")),
            ("Traitements en cours", Or(record.Treatments.Select(t => t.Medication + (t.Dosage is { Length: > 0 } dose ? " — " + dose : string.Empty) + Since(t.Start)), "Aucun traitement enregistré.")),
            ("État et risques", [
                .. record.State.Select(s => $"{Capitalised(s.Code.Display)} : {(s.Holds ? "oui" : "non")}"),
                $"Porteur d'une bactérie multirésistante : {YesNo(record.MultiResistantBacteria)}",
                $"Directives anticipées rédigées : {YesNo(record.AdvanceDirectives)}",
            ]),
            ("Vaccinations", Or(record.Vaccinations.Select(v => v.Vaccine + (v.Date is { } on ? $" ({Day(on)})" : string.Empty)), "Aucune enregistrée.")),
            ("Projet personnalisé", Or(Projets.Select(p => (p.Title ?? "Projet personnalisé") + Period(p.Period)), "Aucun projet en cours.")),
            ("Autonomie, constantes et commentaires", Or(record.Comments, "Rien à signaler.")),
        };
        return blocks;
    }

    private List<string> SejourLines()
    {
        var lines = new List<string>
        {
            $"Entrée : {FrenchLabels.Date(Sejour.Period?.Start) ?? "non renseignée"}",
        };
        if (Direction == LiaisonDirection.Sortie || Sejour.Period?.End is not null)
        {
            lines.Add($"Sortie : {FrenchLabels.Date(Sejour.Period?.End) ?? "non renseignée"}");
        }

        lines.Add((Direction == LiaisonDirection.Sortie ? "Destination : " : "Provenance : ") + (Counterpart ?? "non renseignée"));
        if (Words(Sejour.ReasonCode.FirstOrDefault()) is { } reason)
        {
            lines.Add($"Motif : {reason}");
        }

        var mode = Direction == LiaisonDirection.Sortie ? Sejour.Hospitalization?.DischargeDisposition : Sejour.Hospitalization?.AdmitSource;
        if (Words(mode) is { } modeText)
        {
            lines.Add((Direction == LiaisonDirection.Sortie ? "Mode de sortie : " : "Mode d'entrée : ") + modeText);
        }

        return lines;
    }

    private List<string> ContactLines()
    {
        var record = Record;
        var lines = new List<string>
        {
            "Médecin traitant : " + (record.MedecinTraitant is { } doctor ? $"Dr {doctor.Given} {doctor.Family}".Replace("  ", " ", StringComparison.Ordinal) + $" (RPPS {Rpps(doctor.IdNatPs)})" : "non renseigné"),
        };
        if (record.PersonneDeConfiance is { } trusted)
        {
            lines.Add("Personne de confiance : " + Contact(trusted));
        }

        if (record.Guardian is { } guardian)
        {
            lines.Add("Représentant légal : " + Contact(guardian));
        }

        lines.AddRange(record.EmergencyContacts.Select(c => "Personne à prévenir : " + Contact(c)));
        return lines;
    }

    private static string Contact(DluContact contact) =>
        string.Join(' ', new[] { contact.Given, contact.Family }.Where(p => p is { Length: > 0 }))
        + (contact.Relationship is { } relationship ? $" ({relationship.Display})" : string.Empty)
        + (contact.Phone is { Length: > 0 } phone ? $", tél. {phone}" : string.Empty);

    // idNatPs is 8 followed by the RPPS; a record may hold the RPPS alone.
    private static string Rpps(string idNatPs) => idNatPs.Length == 12 && idNatPs[0] == '8' ? idNatPs[1..] : idNatPs;

    private static string? Words(CodeableConcept? concept) => concept?.Text ?? concept?.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(d => d is { Length: > 0 });

    private static List<string> Or(IEnumerable<string> lines, string none)
    {
        var list = lines.ToList();
        return list.Count > 0 ? list : [none];
    }

    private static string Since(DateOnly? start) => start is { } from ? $" (depuis le {Day(from)})" : string.Empty;

    private static string Period(Period? period) =>
        period?.Start is { } start ? $" (du {FrenchLabels.Date(start)}" + (period.End is { } end ? $" au {FrenchLabels.Date(end)})" : ")") : string.Empty;

    private static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Capitalised(string text) => text.Length > 0 ? char.ToUpper(text[0], CultureInfo.GetCultureInfo("fr-FR")) + text[1..] : text;

    private static string YesNo(bool? value) => value switch { true => "oui", false => "non", null => "non renseigné" };
}
