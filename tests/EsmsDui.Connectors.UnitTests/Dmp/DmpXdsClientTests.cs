using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using EsmsDui.Connectors.Dmp;
using EsmsDui.Connectors.Dmp.Soap;
using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xds;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.UnitTests.Dmp;

/// <summary>ITI-41 to a local DMP that checks the protocol: mutual TLS, MTOM/XOP, WS-Addressing, the signed VIHF, the XDS metadata.</summary>
public sealed class DmpXdsClientTests(LocalDmpFixture fixture) : IClassFixture<LocalDmpFixture>
{
    private static readonly XdsCode Infirmier = new("G15_60", "1.2.250.1.213.1.1.4.5", "Infirmier");

    [Fact]
    public async Task A_CDA_for_a_qualified_usager_reaches_the_DMP_with_a_valid_VIHF_metadata_and_parts()
    {
        using var client = Client();
        var (submission, documents) = Submission();

        var answer = await client.ProvideAndRegisterAsync(submission, documents, Vihf(), CancellationToken.None);

        Assert.True(answer.Succeeded);
        Assert.Empty(fixture.Dmp.Violations);
        var received = Assert.Single(fixture.Dmp.Submissions, s => s.Submission.UniqueId == submission.UniqueId);
        var cda = Assert.Single(received.Documents).Value;
        Assert.Equal(documents.Single().Value.ToArray(), cda);
        Assert.Empty(OfficialCdaValidator.Errors(cda));
        Assert.Equal(Hl7V2.Ins(SampleDocuments.Ins), received.Vihf["urn:oasis:names:tc:xacml:2.0:resource:resource-id"]);
        Assert.Equal(("1510000001", "EsmsDui-test", "G15_60^1.2.250.1.213.1.1.4.5"), (received.Vihf["Identifiant_Structure"], received.Vihf["LPS_ID_HOMOLOGATION_DMP"], received.Vihf["role1"]));
    }

    [Theory]
    [InlineData("unknown", "XDSUnknownPatientId")]
    [InlineData("closed", "DMPClosed")]
    [InlineData("refused structure", "DMPAccessDenied")]
    public async Task The_DMPs_refusal_is_a_refused_call_with_its_code(string situation, string code)
    {
        using var client = Client();
        var ins = situation == "unknown" ? "180012B12345624" : "279035121518989";
        var (submission, documents) = Submission(ins);
        var vihf = Vihf(ins) with { StructureId = situation == "refused structure" ? "1510000099" : "1510000001" };
        fixture.Dmp.RefusedStructures["1510000099"] = true;
        if (situation == "closed")
        {
            fixture.Dmp.Patients[ins] = DmpState.Closed;
        }

        try
        {
            var failure = await Assert.ThrowsAsync<DmpCallException>(() => client.ProvideAndRegisterAsync(submission, documents, vihf, CancellationToken.None));

            Assert.Equal(DmpFailure.Refused, failure.Failure);
            Assert.Equal([code], failure.Codes);
            Assert.DoesNotContain(fixture.Dmp.Submissions, s => s.Submission.UniqueId == submission.UniqueId);
        }
        finally
        {
            fixture.Dmp.Patients[SampleDocuments.Ins] = DmpState.Open;
        }
    }

    [Theory]
    [InlineData("XDS")]
    [InlineData("CDA")]
    [InlineData("hash")]
    public async Task A_submission_breaking_a_rule_is_refused_before_anything_is_sent(string broken)
    {
        using var client = Client();
        var (submission, documents) = Submission();
        switch (broken)
        {
            case "XDS": submission = submission with { SourceId = "not an OID" }; break;
            case "CDA":
                var cda = XDocument.Load(new MemoryStream(documents.Single().Value.ToArray()));
                cda.Root!.Element(CdaN1Document.V3 + "realmCode")!.SetAttributeValue("code", "US");
                var bytes = System.Text.Encoding.UTF8.GetBytes(cda.ToString());
                var entry = submission.Documents[0] with { Size = bytes.Length, Hash = Documents.Xdm.XdmLayoutRules.Sha1(bytes) };
                submission = submission with { Documents = [entry] };
                documents = new Dictionary<string, ReadOnlyMemory<byte>> { [entry.EntryUuid] = bytes };
                break;
            case "hash": submission = submission with { Documents = [submission.Documents[0] with { Hash = new string('0', 40) }] }; break;
        }

        var before = fixture.Dmp.RequestCount;

        var refusal = await Assert.ThrowsAsync<DocumentFormatException>(() => client.ProvideAndRegisterAsync(submission, documents, Vihf(), CancellationToken.None));

        Assert.Contains("nothing was sent", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Dmp.RequestCount);
    }

    [Theory]
    [InlineData("foreign")]
    [InlineData("expired")]
    public async Task A_wrong_or_expired_authentication_certificate_leaves_the_DMP_unreached_with_the_reason(string certificate)
    {
        var path = certificate == "foreign"
            ? fixture.Certificates.ForeignClientPath()
            : fixture.Certificates.IssueStructureCertificate("EHPAD Les Tilleuls expired " + Guid.NewGuid().ToString("N")[..4], signing: false, expired: true).Path;
        using var client = Client(authentication: path);
        var (submission, documents) = Submission();

        var failure = await Assert.ThrowsAsync<DmpCallException>(() => client.ProvideAndRegisterAsync(submission, documents, Vihf(), CancellationToken.None));

        Assert.Equal(DmpFailure.Unreachable, failure.Failure);
        Assert.DoesNotContain(fixture.Dmp.Submissions, s => s.Submission.UniqueId == submission.UniqueId);
        Assert.True(certificate == "foreign" ? failure.Message.Contains("could not be reached", StringComparison.Ordinal) : failure.Message.Contains("expired", StringComparison.Ordinal), failure.Message);
    }

    [Fact]
    public async Task An_assertion_changed_after_signing_is_refused_by_the_DMP()
    {
        var (submission, documents) = Submission();
        var (body, parts) = ProvideAndRegister.Write(EbRimWriter.Write(submission), documents);
        using var signing = X509CertificateLoader.LoadPkcs12FromFile(fixture.SigningPath, TestCertificates.ClientPassword);
        var assertion = VihfAssertion.Write(Vihf(), signing, DateTimeOffset.UtcNow);
        assertion.Descendants(VihfAssertion.Saml + "Attribute").Single(a => (string?)a.Attribute("Name") == VihfAttributes.ResourceId)
            .Element(VihfAssertion.Saml + "AttributeValue")!.Value = Hl7V2.Ins("180012B12345624");
        var envelope = SoapEnvelope.Write(ProvideAndRegister.Action, "urn:uuid:" + Guid.NewGuid(), fixture.Dmp.Endpoint, assertion, body, DateTimeOffset.UtcNow);
        using var handler = new HttpClientHandler { ClientCertificates = { fixture.Certificates.Client }, ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        var violations = fixture.Dmp.Violations.Count;

        using var response = await http.PostAsync(fixture.Dmp.Endpoint, MtomContent.Write(envelope, ProvideAndRegister.Action, parts));

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Contains("the VIHF signature does not verify", fixture.Dmp.Violations.Skip(violations));
        Assert.DoesNotContain(fixture.Dmp.Submissions, s => s.Submission.UniqueId == submission.UniqueId);
    }

    [Fact]
    public async Task A_revised_document_replaces_the_entryUUID_the_DMP_lists_for_the_previous_version()
    {
        using var client = Client();
        var (first, firstDocuments) = Submission();
        await client.ProvideAndRegisterAsync(first, firstDocuments, Vihf(), CancellationToken.None);
        var previous = await client.FindByUniqueIdAsync(Vihf(), first.Documents[0].UniqueId, CancellationToken.None);
        Assert.NotNull(previous);

        var (revised, revisedDocuments) = Submission(replaces: previous.UniqueId);
        revised = revised with { Replaces = new Dictionary<string, string> { [revised.Documents[0].EntryUuid] = previous.EntryUuid } };
        await client.ProvideAndRegisterAsync(revised, revisedDocuments, Vihf(), CancellationToken.None);

        var current = await client.FindDocumentsAsync(Vihf(), [StoredQuery.Approved], CancellationToken.None);
        Assert.Contains(current, e => e.UniqueId == revised.Documents[0].UniqueId);
        Assert.DoesNotContain(current, e => e.UniqueId == previous.UniqueId);
        var replaced = await client.FindDocumentsAsync(Vihf(), [StoredQuery.Deprecated], CancellationToken.None);
        Assert.Contains(replaced, e => e.EntryUuid == previous.EntryUuid);
        var cda = XDocument.Load(new MemoryStream(revisedDocuments.Single().Value.ToArray()));
        Assert.Equal(previous.UniqueId, (string?)cda.Descendants(CdaN1Document.V3 + "parentDocument").Single().Element(CdaN1Document.V3 + "id")!.Attribute("root"));
        Assert.Empty(OfficialCdaValidator.Errors(cda));
    }

    [Fact]
    public async Task A_document_listed_by_the_DMP_is_retrieved_as_it_was_sent_and_a_uniqueId_never_sent_is_not_found()
    {
        using var client = Client();
        var (submission, documents) = Submission();
        await client.ProvideAndRegisterAsync(submission, documents, Vihf(), CancellationToken.None);

        var entry = Assert.Single(await client.FindDocumentsAsync(Vihf(), [StoredQuery.Approved], CancellationToken.None), e => e.UniqueId == submission.Documents[0].UniqueId);
        var content = await client.RetrieveAsync(Vihf(), entry, CancellationToken.None);

        Assert.Equal(documents.Single().Value.ToArray(), content);
        Assert.Equal(LocalDmp.RepositoryUniqueId, entry.RepositoryUniqueId);
        Assert.Null(await client.FindByUniqueIdAsync(Vihf(), "1.2.250.1.999.1.2.404", CancellationToken.None));
    }

    [Fact]
    public async Task A_uniqueId_already_in_the_DMP_is_refused_so_a_document_is_never_registered_twice()
    {
        using var client = Client();
        var (submission, documents) = Submission();
        await client.ProvideAndRegisterAsync(submission, documents, Vihf(), CancellationToken.None);

        var again = await Assert.ThrowsAsync<DmpCallException>(() => client.ProvideAndRegisterAsync(submission with { EntryUuid = "urn:uuid:" + Guid.NewGuid() }, documents, Vihf(), CancellationToken.None));

        Assert.Equal(["XDSDuplicateUniqueIdInRegistry"], again.Codes);
        Assert.Single(fixture.Dmp.EntriesOf(SampleDocuments.Ins), e => e.UniqueId == submission.Documents[0].UniqueId);
    }

    [Theory]
    [InlineData(DmpDocumentAction.MaskFromProfessionals, null, "MASQUE_PS")]
    [InlineData(DmpDocumentAction.HideFromUsager, null, "INVISIBLE_PATIENT")]
    [InlineData(DmpDocumentAction.HideFromLegalRepresentatives, null, "INVISIBLE_REP_LEGAUX")]
    [InlineData(DmpDocumentAction.Archive, StoredQuery.Archived, null)]
    [InlineData(DmpDocumentAction.Delete, StoredQuery.Deleted, null)]
    public async Task Each_action_on_a_DMP_document_is_the_ITI_57_update_the_DMP_applies(DmpDocumentAction action, string? status, string? code)
    {
        using var client = Client();
        var (submission, documents) = Submission();
        await client.ProvideAndRegisterAsync(submission, documents, Vihf(), CancellationToken.None);
        var uniqueId = submission.Documents[0].UniqueId;
        var entry = (await client.FindByUniqueIdAsync(Vihf(), uniqueId, CancellationToken.None))!;

        await client.UpdateAsync(submission with { EntryUuid = "urn:uuid:" + Guid.NewGuid(), UniqueId = submission.UniqueId + ".9" }, entry, action, Vihf(), CancellationToken.None);

        var update = Assert.Single(fixture.Dmp.Updates, u => u.UniqueId == uniqueId);
        Assert.Equal(status, update.NewStatus);
        if (code is not null)
        {
            Assert.Equal(["N", code], update.Confidentiality);
            var current = Assert.Single(fixture.Dmp.EntriesOf(SampleDocuments.Ins), e => e.UniqueId == uniqueId && e.Status == StoredQuery.Approved);
            Assert.Contains(code, current.Confidentiality);
        }
        else
        {
            Assert.Contains(fixture.Dmp.EntriesOf(SampleDocuments.Ins), e => e.UniqueId == uniqueId && e.Status == status);
        }

        Assert.Empty(fixture.Dmp.Violations);
    }

    private DmpXdsClient Client(string? authentication = null) => new(Options.Create(new DmpOptions
    {
        RepositoryEndpoint = fixture.Dmp.Endpoint,
        RegistryEndpoint = fixture.Dmp.RegistryEndpoint,
        AuthenticationCertificatePath = authentication ?? fixture.Certificates.ClientPath,
        AuthenticationCertificatePassword = TestCertificates.ClientPassword,
        SigningCertificatePath = fixture.SigningPath,
        SigningCertificatePassword = TestCertificates.ClientPassword,
        ServerCaCertificatePath = fixture.Certificates.AuthorityPath,
        LpsHomologationId = "EsmsDui-test",
        Timeout = TimeSpan.FromSeconds(20),
    }), TimeProvider.System);

    private static VihfContext Vihf(string ins = SampleDocuments.Ins) => new(
        "1510000001", new XdsCode("SA17", "1.2.250.1.71.4.2.4", "Etablissement pour personnes âgées"), "810001234567", "MARTIN Claire",
        [Infirmier], Hl7V2.Ins(ins), "EsmsDui", "1.0", "EsmsDui-test");

    // A DMP submission: one CDA N1 for the usager, with a fresh uniqueId.
    private static (XdsSubmissionSet Submission, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Documents) Submission(string ins = SampleDocuments.Ins, string? replaces = null)
    {
        var (submission, documents) = SampleDocuments.DmpSubmission(ins, replaces);
        return (submission, documents.ToDictionary(d => d.Key, d => (ReadOnlyMemory<byte>)d.Value));
    }
}
