using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.UnitTests.Cda;

public sealed class DluDocumentTests
{
    public static DluContent Full() => new(
        new CdaProfessional("810002345678", "LEGRAND", "Paul", null),
        new DluContact("NESSI", "Jeanne", null, "01 47 15 00 00"),
        [new DluContact("NESSI", "Sophie", new XdsCode("SIS", "2.16.840.1.113883.5.111", "Soeur"), "0647150100")],
        new DluContact("NESSI", "Sophie", new XdsCode("SIS", "2.16.840.1.113883.5.111", "Soeur"), "0647150100"),
        new DluEstablishment("CH de Boulogne", "1920000001", "0131931902"),
        [new DluProblem("Bronchite chronique simple", new XdsCode("J41.0", "2.16.840.1.113883.6.3", "Bronchite chronique simple"), new DateOnly(2020, 3, 27), null)],
        [new DluProblem("Fracture du col du fémur", null, new DateOnly(2015, 1, 2), new DateOnly(2015, 4, 1))],
        [new DluAllergy(DluVocabulary.MedicationAllergy, "Paracétamol", new XdsCode("N02BE01", "2.16.840.1.113883.6.73", "paracétamol"), new DateOnly(2014, 1, 7))],
        [new DluTreatment("AMPICILLINE PANPHARMA 500 mg", new XdsCode("68496001", "1.2.250.1.213.2.3.1", "AMPICILLINE PANPHARMA 500 mg"), "2 à 4 comprimés par jour", new DateOnly(2020, 3, 2), null)],
        true,
        [(DluVocabulary.State[0], true), (DluVocabulary.State[9], false)],
        false,
        [new DluVaccination("Grippe", null, new DateOnly(2025, 10, 15))],
        [new DluAttachment(DluVocabulary.Checklist[3], SampleDocuments.Pdf)],
        ["Autonomie : GIR 2 (évaluation AGGIR du 02/11/2026).", "Tension artérielle 128/76 mmHg le 01/12/2026."]);

    public static DluContent Empty() => new(new CdaProfessional("810002345678", "LEGRAND", null, null), null, [], null, null, [], [], [], [], null, [], null, [], [], []);

    private static CdaHeader Header() => SampleDocuments.Request() with { Type = DluDocument.Type, Title = "Document de liaison d'urgence" };

    [Fact]
    public void A_dlu_with_every_section_and_one_with_nothing_recorded_pass_the_official_validator_with_the_dlu_volet_and_the_body_schematrons()
    {
        var documents = new[] { DluDocument.Write(Header(), Full()), DluDocument.Write(Header(), Empty()) }.Select(d =>
        {
            using var stream = new MemoryStream();
            d.Save(stream);
            return stream.ToArray();
        }).ToList();
        if (Environment.GetEnvironmentVariable("ESMSDUI_DLU_DUMP") is { Length: > 0 } folder)
        {
            File.WriteAllBytes(Path.Combine(folder, "dlu-full.xml"), documents[0]);
            File.WriteAllBytes(Path.Combine(folder, "dlu-empty.xml"), documents[1]);
        }

        var errors = OfficialCdaValidator.ErrorsOfEach(documents, "DLU-EHPAD-DLU_2022.01", body: true);
        Assert.Empty(errors[0]);
        Assert.Empty(errors[1]);
    }
}
