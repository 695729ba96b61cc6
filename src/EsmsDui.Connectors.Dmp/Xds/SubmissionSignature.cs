using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Dmp.Xds;

/// <summary>
/// The signature of a submission set the DMP asks (TD2: "lot de soumission signé en XAdES"), as IHE Document Digital
/// Signature (DSG) makes it where the DMP's own specification is not public: an enveloping XML-DSig whose SignedInfo
/// signs a Manifest — one Reference per document, by <c>urn:oid:</c> and its uniqueId, with the digest of its bytes,
/// and one to the submission set — and the XAdES SignedProperties (signing time, the signing certificate's digest
/// and issuer/serial, implied policy), with the purpose "source signature" (ASTM E1762 1.2.840.10065.1.12.1.14).
/// It travels as one more document of the submission (typeCode E1762, classCode "Digital Signature", formatCode
/// xmldsig#), hidden from professionals and the usager. Algorithms are those of the public DMP clients (SHA-1
/// digests, RSA-SHA1), like the XDS hash itself.
/// </summary>
public static class SubmissionSignature
{
    /// <summary>The XML-DSig namespace.</summary>
    public const string DsigNamespace = SignedXml.XmlDsigNamespaceUrl;

    /// <summary>The XAdES namespace (v1.1.1, as the public DMP clients write it).</summary>
    public const string XadesNamespace = "http://uri.etsi.org/01903/v1.1.1#";

    /// <summary>The purpose of the signature: a source signature (ASTM E1762, ISO 17090).</summary>
    public const string SourceSignature = "1.2.840.10065.1.12.1.14";

    /// <summary>The formatCode of a signature document.</summary>
    public static readonly XdsCode Format = new("http://www.w3.org/2000/09/xmldsig#", "URN", "Default Signature Style");

    private const string ManifestId = "IHEManifest";

    private const string SignedPropertiesId = "S0-SignedProperties";

#pragma warning disable CA5350 // SHA-1: the digest the DMP's public clients and XDS (the entries' hash) use.
    private const string Sha1 = SignedXml.XmlDsigSHA1Url;
#pragma warning restore CA5350

    /// <summary>
    /// <paramref name="submission"/> with its signature as one more document (and its content by entryUUID added to
    /// <paramref name="documents"/>'s copy), signed with <paramref name="signing"/> at <paramref name="now"/>.
    /// </summary>
    public static (XdsSubmissionSet Submission, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Documents) Add(
        XdsSubmissionSet submission, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> documents, X509Certificate2 signing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(documents);
        var first = submission.Documents.Count > 0 ? submission.Documents[0] : throw new ArgumentException("A submission without documents has nothing to sign.", nameof(submission));
        var entryUuid = "urn:uuid:" + Guid.NewGuid();
        var content = Sign("signature-" + Guid.NewGuid().ToString("N"), submission.UniqueId, [.. submission.Documents.Select(d => (d.UniqueId, documents.GetValueOrDefault(d.EntryUuid)))], signing, now);
        var entry = first with
        {
            EntryUuid = entryUuid,
            UniqueId = submission.UniqueId + ".0",
            MimeType = "text/xml",
            Uri = "SIGNATURE.XML",
            Hash = XdmLayoutRules.Sha1(content),
            Size = content.Length,
            Title = "Signature du lot de soumission",
            CreationTime = now,
            ServiceStartTime = now,
            ServiceStopTime = now,
            LanguageCode = "art",
            Class = new XdsCode("urn:oid:1.3.6.1.4.1.19376.1.2.1.1.1", "URN", "Digital Signature"),
            Type = new XdsCode("E1762", "ASTM", "Full Document"),
            Format = Format,
            Confidentiality =
            [
                new XdsCode("N", "2.16.840.1.113883.5.25", "Normal"),
                new XdsCode("MASQUE_PS", "1.2.250.1.213.1.1.4.13", "Document masqué aux professionnels de santé"),
                new XdsCode("INVISIBLE_PATIENT", "1.2.250.1.213.1.1.4.13", "Document non visible par le patient"),
            ],
            Events = [new XdsCode(SourceSignature, "1.2.840.10065.1.12", "Source")],
        };
        var all = documents.ToDictionary(d => d.Key, d => d.Value);
        all[entryUuid] = content;
        return (submission with { Documents = [.. submission.Documents, entry] }, all);
    }

    /// <summary>Whether <paramref name="entry"/> is a submission set's signature rather than a document of the usager.</summary>
    public static bool IsSignature(XdsDocumentEntry entry) => entry?.Format.Code == Format.Code;

    /// <summary>The signature document of the submission set <paramref name="setUniqueId"/> over <paramref name="documents"/> (uniqueId, bytes).</summary>
    public static byte[] Sign(string signatureId, string setUniqueId, IReadOnlyList<(string UniqueId, ReadOnlyMemory<byte> Content)> documents, X509Certificate2 signing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(signing);
        var document = new XmlDocument { PreserveWhitespace = true };
        var manifest = document.CreateElement("Manifest", DsigNamespace);
        manifest.SetAttribute("Id", ManifestId);
        manifest.AppendChild(ManifestReference(document, setUniqueId, [0]));
        foreach (var (uniqueId, content) in documents)
        {
            manifest.AppendChild(ManifestReference(document, uniqueId, Digest(content.Span)));
        }

        var purpose = document.CreateElement("SignatureProperties", DsigNamespace);
        var property = document.CreateElement("SignatureProperty", DsigNamespace);
        property.SetAttribute("Id", "purposeOfSignature");
        property.SetAttribute("Target", "#" + signatureId);
        property.InnerText = SourceSignature;
        purpose.AppendChild(property);

        using var key = signing.GetRSAPrivateKey() ?? throw new InvalidOperationException("The DMP signing certificate has no RSA private key.");
        var signed = new XadesSignedXml(document) { SigningKey = key };
        signed.Signature.Id = signatureId;
#pragma warning disable CA5350 // RSA-SHA1: see the class comment.
        signed.SignedInfo!.SignatureMethod = SignedXml.XmlDsigRSASHA1Url;
#pragma warning restore CA5350
        signed.SignedInfo.CanonicalizationMethod = SignedXml.XmlDsigC14NWithCommentsTransformUrl;
        signed.AddObject(new DataObject { Data = Nodes(purpose) });
        signed.AddObject(new DataObject { Data = Nodes(manifest) });
        signed.AddObject(new DataObject { Data = Nodes(QualifyingProperties(document, signatureId, signing, now)) });
        signed.AddReference(ObjectReference(ManifestId, "http://www.w3.org/2000/09/xmldsig#Manifest"));
        signed.AddReference(ObjectReference(SignedPropertiesId, XadesNamespace + "SignedProperties"));
        signed.KeyInfo = new KeyInfo();
        signed.KeyInfo.AddClause(new KeyInfoX509Data(signing));
        signed.ComputeSignature();
        var xml = signed.GetXml();
        document.AppendChild(document.ImportNode(xml, deep: true));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The base64 SHA-1 digest of <paramref name="content"/>, as a Manifest Reference gives it.</summary>
    public static string Digest(ReadOnlySpan<byte> content)
    {
#pragma warning disable CA5350 // see the class comment.
        return Convert.ToBase64String(SHA1.HashData(content));
#pragma warning restore CA5350
    }

    // Exclusive canonicalisation: the digest of an object does not depend on the namespaces of where it sits.
    private static Reference ObjectReference(string id, string type)
    {
        var reference = new Reference("#" + id) { Type = type, DigestMethod = Sha1 };
        reference.AddTransform(new XmlDsigExcC14NTransform());
        return reference;
    }

    private static XmlElement ManifestReference(XmlDocument document, string uniqueId, ReadOnlySpan<byte> digestOrZero) =>
        ManifestReference(document, uniqueId, Convert.ToBase64String(digestOrZero));

    private static XmlElement ManifestReference(XmlDocument document, string uniqueId, string digest)
    {
        var reference = document.CreateElement("Reference", DsigNamespace);
        reference.SetAttribute("URI", "urn:oid:" + uniqueId);
        var method = document.CreateElement("DigestMethod", DsigNamespace);
        method.SetAttribute("Algorithm", Sha1);
        var value = document.CreateElement("DigestValue", DsigNamespace);
        value.InnerText = digest;
        reference.AppendChild(method);
        reference.AppendChild(value);
        return reference;
    }

    private static XmlElement QualifyingProperties(XmlDocument document, string signatureId, X509Certificate2 signing, DateTimeOffset now)
    {
        XmlElement Xades(string name) => document.CreateElement("xades", name, XadesNamespace);
        XmlElement Dsig(string name) => document.CreateElement(name, DsigNamespace);
        var qualifying = Xades("QualifyingProperties");
        qualifying.SetAttribute("Target", "#" + signatureId);
        var properties = Xades("SignedProperties");
        properties.SetAttribute("Id", SignedPropertiesId);
        var signature = Xades("SignedSignatureProperties");
        var time = Xades("SigningTime");
        time.InnerText = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var certificate = Xades("SigningCertificate");
        var cert = Xades("Cert");
        var certDigest = Xades("CertDigest");
        var method = Xades("DigestMethod");
        method.SetAttribute("Algorithm", Sha1);
        var value = Xades("DigestValue");
        value.InnerText = Digest(signing.RawData);
        certDigest.AppendChild(method);
        certDigest.AppendChild(value);
        var issuerSerial = Xades("IssuerSerial");
        var issuer = Dsig("X509IssuerName");
        issuer.InnerText = signing.Issuer;
        var serial = Dsig("X509SerialNumber");
        serial.InnerText = System.Numerics.BigInteger.Parse("0" + signing.SerialNumber, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        issuerSerial.AppendChild(issuer);
        issuerSerial.AppendChild(serial);
        cert.AppendChild(certDigest);
        cert.AppendChild(issuerSerial);
        certificate.AppendChild(cert);
        var policy = Xades("SignaturePolicyIdentifier");
        policy.AppendChild(Xades("SignaturePolicyImplied"));
        signature.AppendChild(time);
        signature.AppendChild(certificate);
        signature.AppendChild(policy);
        properties.AppendChild(signature);
        properties.AppendChild(Xades("SignedDataObjectProperties"));
        qualifying.AppendChild(properties);
        return qualifying;
    }

    private static XmlNodeList Nodes(XmlElement element)
    {
        var holder = element.OwnerDocument.CreateElement("holder");
        holder.AppendChild(element);
        return holder.ChildNodes;
    }

    // SignedXml finds an Id in the document it was given, or on a ds:Object itself, not deeper inside the objects
    // before they are part of a document: the Manifest and the XAdES SignedProperties are looked up there too.
    private sealed class XadesSignedXml(XmlDocument document) : SignedXml(document)
    {
        public override XmlElement? GetIdElement(XmlDocument? document, string idValue)
        {
            if (base.GetIdElement(document, idValue) is { } found)
            {
                return found;
            }

            foreach (DataObject data in Signature.ObjectList)
            {
                foreach (XmlNode node in data.Data)
                {
                    if (node is XmlElement element && (element.GetAttribute("Id") == idValue ? element : element.SelectSingleNode($"//*[@Id='{idValue}']") as XmlElement) is { } match)
                    {
                        return match;
                    }
                }
            }

            return null;
        }
    }
}
