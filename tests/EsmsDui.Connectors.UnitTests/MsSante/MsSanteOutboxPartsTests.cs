using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.MsSante;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Connectors.Records;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.UnitTests.MsSante;

/// <summary>The pure parts of the sending side: addresses, mailboxes, ids, receipts and the mail made from a record.</summary>
public sealed class MsSanteOutboxPartsTests
{
    private const string Ins = "279035121518989";

    [Theory]
    [InlineData("secretariat@ehpad.mssante.fr", true)]
    [InlineData("dr.martin@medecin.mssante.fr", true)]
    [InlineData(Ins + "@patient.mssante.fr", true)]
    [InlineData("contact@mssante.fr", true)]
    [InlineData("SECRETARIAT@EHPAD.MSSANTE.FR", true)]
    [InlineData("secretariat@gmail.com", false)]
    [InlineData("secretariat@notmssante.fr", false)]
    [InlineData("secretariat@mssante.fr.evil.com", false)]
    [InlineData("a@b@ehpad.mssante.fr", false)]
    [InlineData("@mssante.fr", false)]
    [InlineData("secretariat@", false)]
    [InlineData("secr etariat@ehpad.mssante.fr", false)]
    public void An_address_is_an_MSSante_one_only_on_an_MSSante_domain(string address, bool expected) =>
        Assert.Equal(expected, new MsSanteOptions().IsMsSanteAddress(address));

    [Fact]
    public void Configured_mailboxes_take_the_sections_settings_where_they_give_none()
    {
        var options = new MsSanteOptions { Mailbox = "ehpad@a.mssante.fr", SmtpHost = "smtp", ClientId = "c1", ClientSecret = "s", SenderName = "EHPAD" };
        options.Mailboxes.Add(new MsSanteMailboxOptions { Mailbox = "mas@a.mssante.fr", ClientId = "c2", Finess = "010000002", Tenant = "t2" });
        options.Mailboxes.Add(new MsSanteMailboxOptions { Mailbox = string.Empty });

        var mailboxes = options.ConfiguredMailboxes();

        Assert.Equal(["ehpad@a.mssante.fr", "mas@a.mssante.fr"], mailboxes.Select(m => m.Mailbox));
        Assert.Equal(("c2", "s", "EHPAD", "smtp", "010000002", "t2"), (mailboxes[1].ClientId, mailboxes[1].ClientSecret, mailboxes[1].SenderName, mailboxes[1].SmtpHost, mailboxes[1].Finess, mailboxes[1].Tenant));
        Assert.Equal(("c1", string.Empty), (mailboxes[0].ClientId, mailboxes[0].Tenant));
    }

    [Theory]
    [InlineData("", "1010000002", "mas@a.mssante.fr")]
    [InlineData("", "010000002", "mas@a.mssante.fr")]
    [InlineData("", "1010000009", "ehpad@a.mssante.fr")]
    [InlineData("", null, "ehpad@a.mssante.fr")]
    [InlineData("other", "1010000002", null)]
    public void A_sending_goes_from_the_mailbox_of_its_establishment_or_the_tenants_general_one(string tenant, string? idNatStruct, string? expected)
    {
        var options = new MsSanteOptions { Mailbox = "ehpad@a.mssante.fr", SmtpHost = "smtp" };
        options.Mailboxes.Add(new MsSanteMailboxOptions { Mailbox = "mas@a.mssante.fr", Finess = "010000002" });

        Assert.Equal(expected, new MsSanteMailboxes(Options.Create(options)).ForEstablishment(tenant, idNatStruct)?.Mailbox);
    }

    [Fact]
    public void Derived_OIDs_are_stable_and_valid()
    {
        var oid = RecordOids.Derived("ehpad@a.mssante.fr#DocumentReference/1/_history/2");

        Assert.Equal(oid, RecordOids.Derived("ehpad@a.mssante.fr#DocumentReference/1/_history/2"));
        Assert.NotEqual(oid, RecordOids.Derived("ehpad@a.mssante.fr#DocumentReference/1/_history/3"));
        Assert.Matches("^2\\.25\\.[1-9][0-9]{0,38}$", oid);
    }

    [Theory]
    [InlineData(MsSanteReceiptKind.Delivery, "relayed", true)]
    [InlineData(MsSanteReceiptKind.Delivery, "delivered", true)]
    [InlineData(MsSanteReceiptKind.Read, "displayed", true)]
    [InlineData(MsSanteReceiptKind.Delivery, "failed", false)]
    [InlineData(MsSanteReceiptKind.Delivery, "delayed", false)]
    public void A_receipt_is_recorded_per_recipient_and_a_positive_one_sets_received(MsSanteReceiptKind kind, string outcome, bool received)
    {
        var sending = new Communication();
        var receipt = new MsSanteReceipt(kind, null, "id@a", outcome, new Dictionary<string, string> { ["a@b.mssante.fr"] = "2.0.0", ["c@b.mssante.fr"] = "2.0.0" });

        MsSanteSending.AddReceipt(sending, receipt, new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(2, sending.Extension.Count(e => e.Url == MsSanteSending.ReceiptExtension));
        Assert.Equal(received ? "2026-12-03T10:00:00+00:00" : null, sending.Received);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_mail_of_a_document_carries_the_INS_only_for_a_qualified_identity_and_follows_the_rules(bool qualified)
    {
        var document = Document(qualified);

        var message = MsSanteMailBuilder.Build(document, Settings(), "c1@a.mssante.fr", ["chu@b.mssante.fr"], noReply: true, note: null, DateTimeOffset.UtcNow);

        Assert.Equal(qualified ? $"{Ins}^^^&1.2.250.1.213.1.4.8&ISO^NH" : null, message.Usager.QualifiedIns);
        Assert.Equal(["11490-0"], message.CdaCodes);
        Assert.Equal(SampleDocuments.Pdf, message.Pdf);
        var subset = Assert.Single(XdmPackage.Read(new MemoryStream(message.Xdm!)));
        var entry = Assert.Single(subset.Submission.Documents);
        Assert.Equal(qualified, entry.PatientId.StartsWith(Ins, StringComparison.Ordinal));
        var cda = System.Xml.Linq.XDocument.Load(new MemoryStream(subset.Documents[entry.Uri]));
        Assert.Empty(CdaHeaderRules.Check(cda));
        Assert.Empty(OfficialCdaValidator.Errors(subset.Documents[entry.Uri]));
        Assert.Equal("G15_60", (string?)cda.Descendants(CdaN1Document.V3 + "assignedAuthor").Single().Element(CdaN1Document.V3 + "code")?.Attribute("code"));
        Assert.Equal(qualified ? Ins : null, CdaIdentity.Read(cda).Ins);
        Assert.Contains("DUPONT HELENE", message.Body, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]+\\.pdf$", message.PdfName!);
    }

    [Fact]
    public void The_same_document_version_is_sent_with_the_same_uniqueId_and_a_new_version_with_another()
    {
        string UniqueId(RecordDocument document) => Assert.Single(Assert.Single(XdmPackage.Read(new MemoryStream(
            MsSanteMailBuilder.Build(document, Settings(), "x@a", ["chu@b.mssante.fr"], false, null, DateTimeOffset.UtcNow).Xdm!))).Submission.Documents).UniqueId;
        var first = Document(qualified: true);

        Assert.Equal(UniqueId(first), UniqueId(first));
        Assert.NotEqual(UniqueId(first), UniqueId(first with { VersionId = 2 }));
    }

    [Fact]
    public void A_CDA_of_the_record_is_sent_as_it_is_with_metadata_from_its_header_and_its_PDF_alongside()
    {
        var cda = SampleDocuments.Cda();
        var document = Document(qualified: true) with { Author = null, Pdf = null, Cda = cda };

        var message = MsSanteMailBuilder.Build(document, Settings(), "c1@a.mssante.fr", ["chu@b.mssante.fr"], noReply: false, note: null, DateTimeOffset.UtcNow);

        var subset = Assert.Single(XdmPackage.Read(new MemoryStream(message.Xdm!)));
        var entry = Assert.Single(subset.Submission.Documents);
        Assert.Equal(cda, subset.Documents[entry.Uri]);
        Assert.Equal("1.2.250.1.999.1.2.1001", entry.UniqueId);
        Assert.Equal(("11490-0", "Lettre de liaison"), (entry.Type.Code, entry.Title));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 15, 0, TimeSpan.FromHours(1)), entry.CreationTime);
        Assert.Contains("810001234567", entry.Author.Person, StringComparison.Ordinal);
        Assert.Equal(CdaN1Document.PdfFormat, entry.Format);
        Assert.Equal(SampleDocuments.Pdf, message.Pdf);
    }

    [Fact]
    public void A_CDA_with_an_INS_is_not_sent_for_a_usager_whose_identity_is_not_qualified_here()
    {
        var document = Document(qualified: false) with { Author = null, Pdf = null, Cda = SampleDocuments.Cda() };

        var refused = Assert.Throws<EsmsDui.Fhir.Errors.FhirException>(() =>
            MsSanteMailBuilder.Build(document, Settings(), "c1@a.mssante.fr", ["chu@b.mssante.fr"], noReply: false, note: null, DateTimeOffset.UtcNow));

        Assert.Contains("not qualified", refused.Message, StringComparison.Ordinal);
    }

    private static MsSanteOptions Settings() => new() { Mailbox = "ehpad@a.mssante.fr", SenderName = "EHPAD Les Tilleuls", SmtpHost = "smtp" };

    [Theory]
    [InlineData("https://finess.esante.gouv.fr")]
    [InlineData("http://finess.esante.gouv.fr")]
    public void An_establishment_identified_by_its_FINESS_as_FR_Core_writes_it_has_its_idNatStruct(string system)
    {
        var establishment = new Organization { Identifier = [new Identifier(system, "010000001")] };

        Assert.Equal("1010000001", RecordDocumentReader.IdNatStructOf(establishment));
    }

    private static RecordDocument Document(bool qualified)
    {
        var usager = new Patient
        {
            Id = "u1",
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = "Dupont", Given = ["Hélène"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "1979-03-05",
        };
        if (qualified)
        {
            usager.Identifier.Add(new Identifier("urn:oid:1.2.250.1.213.1.4.8", Ins));
            usager.Extension.Add(new Extension
            {
                Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability",
                Extension = [new Extension("identityStatus", new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status", "QUAL"))],
            });
            usager.Extension.Add(new Extension("http://hl7.org/fhir/StructureDefinition/patient-birthPlace", new Address
            {
                Extension = [new Extension("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code", new Coding("https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM", "63113"))],
            }));
        }

        var reference = new DocumentReference
        {
            Id = "d1",
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept("http://loinc.org", "11490-0", "Lettre de liaison"),
            Description = "Lettre de liaison",
            Date = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(1)),
        };
        var author = new Practitioner
        {
            Name = [new HumanName { Family = "MARTIN", Given = ["Claire"] }],
            Identifier = [new Identifier(RecordDocumentReader.IdNatPs, "810001234567")],
            Qualification = [new Practitioner.QualificationComponent { Code = new CodeableConcept("https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante", "60") }],
        };
        var custodian = new Organization { Id = "o1", Name = "EHPAD Les Tilleuls", Identifier = [new Identifier(RecordDocumentReader.Finess, "010000001")] };
        return new RecordDocument(reference, 1, usager, author, custodian, SampleDocuments.Pdf, Cda: null);
    }
}
