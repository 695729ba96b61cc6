using System.Text;
using EsmsDui.Connectors.Records.Projet;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.UnitTests.Records;

/// <summary>The projet personnalisé's PDF: complete whatever the machine's fonts, PDF/A, pages added as the text needs.</summary>
public sealed class ProjetPersonnalisePdfTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void A_projet_is_a_PDF_A_with_its_fonts_embedded()
    {
        var pdf = Text(ProjetPersonnalisePdf.Render(Content(actions: 3), Now));

        Assert.StartsWith("%PDF-", pdf, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", pdf, StringComparison.Ordinal);
        Assert.Contains("pdfaid:part", pdf, StringComparison.Ordinal);
        Assert.Contains("/Count 1", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_projet_flows_onto_further_pages_and_a_word_longer_than_a_line_is_cut()
    {
        var content = Content(actions: 120);
        content.Actions[0].Description = new string('x', 400);

        var pdf = Text(ProjetPersonnalisePdf.Render(content, Now));

        Assert.Matches(@"/Count [2-9]", pdf);
    }

    private static string Text(byte[] pdf) => Encoding.Latin1.GetString(pdf);

    private static ProjetPersonnaliseContent Content(int actions) => new(
        new CarePlan { Id = "p1", Title = "Projet personnalisé d'accompagnement", Status = RequestStatus.Active, Period = new Period { Start = "2026-09-01" } },
        new Patient { Id = "u1", Name = [new HumanName { Family = "DUPONT", Given = ["Hélène"] }], BirthDate = "1942-03-15" },
        new Organization { Name = "EHPAD Les Tilleuls" },
        [new ServiceRequest { Code = new CodeableConcept { Text = "Maintenir la marche" } }],
        [new Goal { Description = new CodeableConcept { Text = "Marcher jusqu'à la salle à manger" } }],
        [.. Enumerable.Range(1, actions).Select(i => new Hl7.Fhir.Model.Task { Description = $"Action {i} : séance de kinésithérapie deux fois par semaine, avec l'équipe soignante et la famille quand elle vient" })],
        []);
}
