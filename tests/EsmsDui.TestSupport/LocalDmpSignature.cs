using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.TestSupport;

/// <summary>
/// What the local DMP checks of a submission set's signature (TD2, XAdES as IHE DSG makes it): one signature
/// document, typed and hidden as a signature; an XML-DSig that verifies with a certificate of the structures'
/// authority; a Manifest with the digest of every document of the submission by its uniqueId and a reference to the
/// submission set; XAdES SignedProperties naming the signing certificate; the purpose "source signature".
/// </summary>
public static class LocalDmpSignature
{
    private const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    /// <summary>The signature entries of <paramref name="submission"/> (formatCode xmldsig#).</summary>
    public static List<XdsDocumentEntry> EntriesOf(XdsSubmissionSet submission) => [.. submission.Documents.Where(d => d.Format.Code == XmlDsig)];

    /// <summary>What breaks the rules in the signature of <paramref name="submission"/>; documents by entryUUID.</summary>
    public static IEnumerable<string> Problems(XdsSubmissionSet submission, IReadOnlyDictionary<string, byte[]> documents, Func<X509Certificate2, bool> trusted)
    {
        var signatures = EntriesOf(submission);
        if (signatures.Count != 1)
        {
            yield return $"the submission set is not signed once (XAdES signature documents: {signatures.Count})";
            yield break;
        }

        var entry = signatures[0];
        if (entry.Class.Code != "urn:oid:1.3.6.1.4.1.19376.1.2.1.1.1" || entry.Type.Code != "E1762")
        {
            yield return "the signature document is not classed Digital Signature (classCode) and typed E1762 (typeCode)";
        }

        if (!entry.Confidentiality.Any(c => c.Code == "MASQUE_PS") || !entry.Confidentiality.Any(c => c.Code == "INVISIBLE_PATIENT"))
        {
            yield return "the signature document is not hidden from professionals and the usager (MASQUE_PS, INVISIBLE_PATIENT)";
        }

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(documents[entry.EntryUuid]), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
        {
            document.Load(reader);
        }

        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("ds", XmlDsig);
        namespaces.AddNamespace("xades", "http://uri.etsi.org/01903/v1.1.1#");
        if (document.DocumentElement is not { LocalName: "Signature", NamespaceURI: XmlDsig } signature)
        {
            yield return "the signature document is not an XML-DSig Signature";
            yield break;
        }

        var signed = new SignedXml(document);
        signed.LoadXml(signature);
        var signer = signed.KeyInfo.OfType<KeyInfoX509Data>().SelectMany(d => d.Certificates.OfType<X509Certificate2>()).FirstOrDefault();
        if (signer is null || !trusted(signer))
        {
            yield return "the submission set is not signed with a certificate of the structures' authority";
            yield break;
        }

        var references = signed.SignedInfo!.References.OfType<Reference>().Select(r => r.Type).ToList();
        if (!references.Contains("http://www.w3.org/2000/09/xmldsig#Manifest") || !references.Any(t => t?.EndsWith("#SignedProperties", StringComparison.Ordinal) == true))
        {
            yield return "the signature does not sign a Manifest and the XAdES SignedProperties";
        }

        if (!signed.CheckSignature(signer, verifySignatureOnly: true))
        {
            yield return "the submission set's signature does not verify (SignedInfo, Manifest or SignedProperties changed)";
        }

        var manifest = document.SelectNodes("//ds:Manifest/ds:Reference", namespaces)!.OfType<XmlElement>()
            .ToDictionary(r => r.GetAttribute("URI"), r => r.SelectSingleNode("ds:DigestValue", namespaces)?.InnerText, StringComparer.Ordinal);
        if (!manifest.ContainsKey("urn:oid:" + submission.UniqueId))
        {
            yield return "the Manifest does not name the submission set (urn:oid:uniqueId)";
        }

        foreach (var signedDocument in submission.Documents.Where(d => d != entry))
        {
#pragma warning disable CA5350 // The Manifest carries SHA-1 digests, as XDS does.
            var digest = Convert.ToBase64String(SHA1.HashData(documents[signedDocument.EntryUuid]));
#pragma warning restore CA5350
            if (manifest.GetValueOrDefault("urn:oid:" + signedDocument.UniqueId) != digest)
            {
                yield return $"the Manifest does not give the digest of the document {signedDocument.UniqueId}";
            }
        }

#pragma warning disable CA5350 // XAdES 1.1.1 names the certificate by its SHA-1 digest.
        var certificateDigest = Convert.ToBase64String(SHA1.HashData(signer.RawData));
#pragma warning restore CA5350
        if (document.SelectSingleNode("//xades:SignedProperties//xades:SigningCertificate/xades:Cert/xades:CertDigest/xades:DigestValue", namespaces)?.InnerText != certificateDigest)
        {
            yield return "the XAdES SigningCertificate is not the certificate that signed";
        }

        if (document.SelectSingleNode("//xades:SignedProperties//xades:SigningTime", namespaces) is null)
        {
            yield return "the XAdES SignedProperties have no SigningTime";
        }

        if (document.SelectSingleNode("//ds:SignatureProperty[@Id='purposeOfSignature']", namespaces)?.InnerText.Trim() != "1.2.840.10065.1.12.1.14")
        {
            yield return "the signature's purpose is not a source signature (1.2.840.10065.1.12.1.14)";
        }
    }
}
