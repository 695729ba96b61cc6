using System.Text;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Records.Liaison;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.UnitTests.Records;

/// <summary>The lettre de liaison: what it says from the record, and its PDF.</summary>
public sealed class LettreDeLiaisonTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void An_exit_letter_says_where_the_usager_goes_whom_to_call_what_he_has_and_takes()
    {
        var letter = Letter(LiaisonDirection.Sortie);

        var lines = letter.Blocks().ToDictionary(b => b.Heading, b => b.Lines);

        Assert.Equal("Lettre de liaison à la sortie", letter.Title);
        Assert.Equal("83981-1", LettreDeLiaison.TypeOf(LiaisonDirection.Sortie).Code);
        Assert.Contains("Destination : CH de Boulogne", lines["Séjour"]);
        Assert.Contains("Motif : Hospitalisation programmée", lines["Séjour"]);
        Assert.Contains(lines["Contacts"], l => l.StartsWith("Médecin traitant : Dr Paul LEGRAND", StringComparison.Ordinal));
        Assert.Contains("Personne de confiance : Sophie NESSI (Soeur), tél. 0647150100", lines["Contacts"]);
        Assert.Contains("Bronchite chronique simple (depuis le 27/03/2020)", lines["Pathologies en cours"]);
        Assert.Contains("Paracétamol (allergie médicamenteuse)", lines["Allergies et intolérances"]);
        Assert.Contains(lines["Traitements en cours"], l => l.StartsWith("AMPICILLINE PANPHARMA 500 mg — 2 à 4 comprimés par jour", StringComparison.Ordinal));
        Assert.Contains("Chutes : non", lines["État et risques"]);
        Assert.Contains("Porteur d'une bactérie multirésistante : non", lines["État et risques"]);
        Assert.Contains("Aucun projet en cours.", lines["Projet personnalisé"]);
        Assert.Contains(lines["Autonomie, constantes et commentaires"], l => l.StartsWith("Autonomie : GIR 2", StringComparison.Ordinal));
    }

    [Fact]
    public void An_entry_letter_says_where_the_usager_comes_from_and_is_a_PDF_A_with_its_fonts_embedded()
    {
        var letter = Letter(LiaisonDirection.Entree);

        var pdf = Encoding.Latin1.GetString(LettreDeLiaisonPdf.Render(letter, Now));

        Assert.Equal("88348-8", LettreDeLiaison.TypeOf(LiaisonDirection.Entree).Code);
        Assert.Contains("Provenance : CH de Boulogne", letter.Blocks().Single(b => b.Heading == "Séjour").Lines);
        Assert.StartsWith("%PDF-", pdf, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", pdf, StringComparison.Ordinal);
        Assert.Contains("pdfaid:part", pdf, StringComparison.Ordinal);
    }

    private static LettreDeLiaison Letter(LiaisonDirection direction) => new(
        direction,
        new Patient { Id = "u1", Name = [new HumanName { Family = "DUPONT", Given = ["Hélène"] }], BirthDate = "1942-03-15" },
        new Organization { Name = "EHPAD Les Tilleuls" },
        new Encounter
        {
            Period = new Period { Start = "2024-02-01", End = direction == LiaisonDirection.Sortie ? "2026-12-05" : null },
            ReasonCode = [new CodeableConcept { Text = "Hospitalisation programmée" }],
        },
        "CH de Boulogne",
        SampleDocuments.Dlu(),
        [],
        new CdaProfessional("810001234567", "MARTIN", "Claire", null));
}
