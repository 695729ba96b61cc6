using System.Text;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.UnitTests.Dmp;

/// <summary>The submission set's XAdES signature (IHE DSG) and what the local DMP checks of it.</summary>
public sealed class SubmissionSignatureTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("esmsdui-signature-");
    private readonly TestCertificates _certificates;

    public SubmissionSignatureTests()
    {
        Directory.CreateDirectory(_folder.Path);
        _certificates = new TestCertificates(_folder.Path);
    }

    [Fact]
    public void A_signed_submission_carries_one_hidden_signature_document_that_the_DMP_verifies()
    {
        var (signed, documents) = Signed();

        var signature = Assert.Single(signed.Documents, SubmissionSignature.IsSignature);
        Assert.Equal(("E1762", "text/xml"), (signature.Type.Code, signature.MimeType));
        Assert.Contains(signature.Confidentiality, c => c.Code == "INVISIBLE_PATIENT");
        Assert.Empty(XdsMetadataRules.Check(EbRimWriter.Write(signed)));
        Assert.Empty(LocalDmpSignature.Problems(signed, Bytes(documents), _certificates.IsIssuedByAuthority));
    }

    [Fact]
    public void A_document_changed_after_signing_or_a_changed_signing_time_is_caught_by_the_DMP()
    {
        var (signed, documents) = Signed();
        var document = signed.Documents.First(d => !SubmissionSignature.IsSignature(d));
        var signature = signed.Documents.Single(SubmissionSignature.IsSignature);

        var changedDocument = Bytes(documents);
        changedDocument[document.EntryUuid] = [.. changedDocument[document.EntryUuid], (byte)' '];
        var changedTime = Bytes(documents);
        var xml = Encoding.UTF8.GetString(changedTime[signature.EntryUuid]);
        var at = xml.IndexOf("SigningTime>", StringComparison.Ordinal) + "SigningTime>".Length;
        changedTime[signature.EntryUuid] = Encoding.UTF8.GetBytes(xml[..at] + "1999" + xml[(at + 4)..]);

        Assert.Contains(LocalDmpSignature.Problems(signed, changedDocument, _certificates.IsIssuedByAuthority), p => p.Contains(document.UniqueId, StringComparison.Ordinal));
        Assert.Contains(LocalDmpSignature.Problems(signed, changedTime, _certificates.IsIssuedByAuthority), p => p.Contains("does not verify", StringComparison.Ordinal));
    }

    [Fact]
    public void A_submission_signed_with_a_certificate_of_another_authority_is_caught_by_the_DMP()
    {
        using var otherFolder = new TemporaryFolder("esmsdui-signature-other-");
        Directory.CreateDirectory(otherFolder.Path);
        using var other = new TestCertificates(otherFolder.Path);
        var (signed, documents) = Signed(other);

        Assert.Contains(LocalDmpSignature.Problems(signed, Bytes(documents), _certificates.IsIssuedByAuthority), p => p.Contains("authority", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _folder.Dispose();
    }

    private (XdsSubmissionSet Submission, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Documents) Signed(TestCertificates? authority = null)
    {
        var (certificate, _) = (authority ?? _certificates).IssueStructureCertificate("EHPAD Les Tilleuls signature", signing: true);
        using var signing = certificate;
        var cda = SampleDocuments.Cda();
        var sample = SampleDocuments.Submission(cda);
        var submission = sample with { Documents = [sample.Documents[0]] };
        return SubmissionSignature.Add(submission, new Dictionary<string, ReadOnlyMemory<byte>> { [submission.Documents[0].EntryUuid] = cda }, signing, DateTimeOffset.UtcNow);
    }

    private static Dictionary<string, byte[]> Bytes(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> documents) => documents.ToDictionary(d => d.Key, d => d.Value.ToArray());
}
