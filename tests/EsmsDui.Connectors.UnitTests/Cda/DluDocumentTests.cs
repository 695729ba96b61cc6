using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;

namespace EsmsDui.Connectors.UnitTests.Cda;

public sealed class DluDocumentTests
{
    public static DluContent Empty() => new(new CdaProfessional("810002345678", "LEGRAND", null, null), null, [], null, null, [], [], [], [], null, [], null, [], [], []);

    private static CdaHeader Header() => SampleDocuments.Request() with { Type = DluDocument.Type, Title = "Document de liaison d'urgence" };

    [Fact]
    public void A_dlu_with_every_section_and_one_with_nothing_recorded_pass_the_official_validator_with_the_dlu_volet_and_the_body_schematrons()
    {
        var documents = new[] { DluDocument.Write(Header(), SampleDocuments.Dlu()), DluDocument.Write(Header(), Empty()) }.Select(d =>
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
