using System.Text;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Documents.Cda.Vocabulary;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.TestSupport;

/// <summary>A usager's document as the MSSanté connector sends it: a CDA N1 around a PDF, and the PDF itself.</summary>
public static class SampleDocuments
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public const string Ins = "279035121518989";

    private static readonly DateTimeOffset When = new(2026, 12, 3, 10, 15, 0, TimeSpan.FromHours(1));

    private static readonly XdsCode Type = new("11490-0", "2.16.840.1.113883.6.1", "Lettre de liaison");

    private static readonly XdsCode Facility = new("SA17", "1.2.250.1.71.4.2.4", "Etablissement pour personnes âgées");

    public static CdaPatient Patient(bool qualified) => new(
        "U-42", "1.2.250.1.999.1.1", qualified ? Ins : null, Hl7V2.InsNirOid, "DUPONT", "MARTIN", ["Hélène", "Marie"], "F", new DateOnly(1979, 3, 5), "51215");

    public static CdaHeader Request(bool qualified = true) => new(
        "1.2.250.1.999.1.2.1001", "1.2.250.1.999.1.2.1000", 1, Type, "Lettre de liaison", When,
        new XdsCode("N", "2.16.840.1.113883.5.25", "Normal"),
        Patient(qualified),
        new CdaProfessional("810001234567", "MARTIN", "Claire", AuthorSpecialties.OfProfession("60")),
        new CdaOrganization("1510000001", "EHPAD Les Tilleuls"),
        new CdaProfessional("810001234567", "MARTIN", "Claire", null),
        When.AddDays(-2), null, Facility);

    public static byte[] Cda(bool qualified = true)
    {
        using var stream = new MemoryStream();
        CdaN1Document.Write(Request(qualified), Pdf).Save(stream);
        return stream.ToArray();
    }

    public static XdsSubmissionSet Submission(byte[] cda, bool qualified = true)
    {
        var patientId = qualified ? Hl7V2.Ins(Ins) : Hl7V2.Cx("U-42", "1.2.250.1.999.1.1", "PI");
        var author = new XdsAuthor(Hl7V2.Professional("810001234567", "MARTIN", "Claire"), [Hl7V2.Xon("EHPAD Les Tilleuls", "1510000001")], [], []);
        XdsDocumentEntry Entry(string uri, string mime, byte[] content, XdsCode format, string uniqueId) => new(
            "urn:uuid:" + Guid.NewGuid(), uniqueId, mime, uri, XdmLayoutRules.Sha1(content), content.Length, patientId,
            Hl7V2.Cx("U-42", "1.2.250.1.999.1.1", "PI"), ["PID-3|U-42^^^&1.2.250.1.999.1.1&ISO^PI", "PID-5|DUPONT^Hélène^^^^^L", "PID-7|19790305", "PID-8|F"],
            "Lettre de liaison", When, When.AddDays(-2), null, "fr-FR", author, author.Person,
            new XdsCode("11", "1.2.250.1.213.1.1.4.1", "Synthèse"), Type, format, Facility,
            new XdsCode("ESSMS", "1.2.250.1.213.1.1.4.9", "Etablissement ou Service Social ou Médico-Social"),
            [new XdsCode("N", "2.16.840.1.113883.5.25", "Normal")], []);
        return new XdsSubmissionSet(
            "urn:uuid:" + Guid.NewGuid(), "1.2.250.1.999.1.3.1", "1.2.250.1.999.1", patientId, When, author,
            new XdsCode("11", "1.2.250.1.213.2.2", "Hébergement complet ou internat (non compris internat de semaine)"), null, ["|ehpad@tilleuls.mssante.fr^^Internet^ehpad@tilleuls.mssante.fr"],
            [
                Entry("DOC0001.XML", "text/xml", cda, CdaN1Document.PdfFormat, "1.2.250.1.999.1.2.1001"),
                Entry("DOC0002.PDF", "application/pdf", Pdf, new XdsCode("urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3", "PDF"), "1.2.250.1.999.1.2.1002"),
            ]);
    }

    /// <summary>A DMP submission by the sample's structure: one CDA N1 for the usager <paramref name="ins"/>, with a fresh uniqueId.</summary>
    public static (XdsSubmissionSet Submission, IReadOnlyDictionary<string, byte[]> Documents) DmpSubmission(string ins = Ins, string? replaces = null)
    {
        var unique = "1.2.250.1.999.1.2." + Random.Shared.Next(100000, 999999);
        var request = Request() with { UniqueId = unique, Patient = Patient(qualified: true) with { Ins = ins }, Replaces = replaces, Version = replaces is null ? 1 : 2 };
        using var stream = new MemoryStream();
        CdaN1Document.Write(request, Pdf).Save(stream);
        var cda = stream.ToArray();
        var sample = Submission(cda);
        var entry = sample.Documents[0] with { UniqueId = unique, PatientId = Hl7V2.Ins(ins) };
        var submission = sample with { UniqueId = unique + ".1", PatientId = Hl7V2.Ins(ins), Documents = [entry] };
        return (submission, new Dictionary<string, byte[]> { [entry.EntryUuid] = cda });
    }

    public static byte[] Medium(bool qualified = true)
    {
        var cda = Cda(qualified);
        return XdmPackage.Write(Submission(cda, qualified), [cda, Pdf], "EHPAD Les Tilleuls");
    }

    public static XDocument Metadata() => EbRimWriter.Write(Submission(Cda()));

    /// <summary>What a DLU says of a resident with something in every section, one PDF annexed.</summary>
    public static DluContent Dlu() => new(
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
        [new DluAttachment(DluVocabulary.Checklist[3], Pdf)],
        ["Autonomie : GIR 2 (évaluation AGGIR du 02/11/2026).", "Tension artérielle 128/76 mmHg le 01/12/2026."]);
}
