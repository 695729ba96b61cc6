using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;

namespace EsmsDui.Connectors.Dmp.Vihf;

/// <summary>
/// The VIHF 4.0 assertion (SAML 2.0) the DMP asks in the WS-Security header of every call: issued by the structure
/// (Issuer = the signing certificate's subject), about the professional or automated sender (Subject), with the VIHF
/// attributes, signed enveloped XML-DSig (exclusive canonicalisation, RSA-SHA256) with the structure's signing
/// certificate, which travels in KeyInfo.
/// </summary>
public static class VihfAssertion
{
    /// <summary>The SAML 2.0 assertion namespace.</summary>
    public static readonly XNamespace Saml = "urn:oasis:names:tc:SAML:2.0:assertion";

    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";

    /// <summary>How long an assertion is valid after it is issued.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The signed assertion for <paramref name="context"/>.</summary>
    public static XElement Write(VihfContext context, X509Certificate2 signing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signing);
        var instant = Instant(now);
        var id = "_" + Guid.NewGuid().ToString("N");
        var attributes = new XElement(Saml + "AttributeStatement",
            Attribute(VihfAttributes.Version, "4.0"),
            Attribute(VihfAttributes.SubjectName, context.SubjectName),
            context.Roles.Select(role => Attribute(VihfAttributes.Role, new XElement(Hl7 + "Role",
                new XAttribute(XNamespace.Xmlns + "hl7", Hl7), new XAttribute(Xsi + "type", "hl7:CE"),
                new XAttribute("code", role.Code), new XAttribute("codeSystem", role.Scheme), new XAttribute("displayName", role.Display)))),
            Attribute(VihfAttributes.StructureId, context.StructureId),
            Attribute(VihfAttributes.Sector, $"{context.Sector.Code}^{context.Sector.Scheme}"),
            Attribute(VihfAttributes.PurposeOfUse, new XElement(Hl7 + "PurposeOfUse",
                new XAttribute(XNamespace.Xmlns + "hl7", Hl7), new XAttribute(Xsi + "type", "hl7:CE"),
                new XAttribute("code", "normal"), new XAttribute("codeSystem", "1.2.250.1.213.1.1.4.248"), new XAttribute("displayName", "Accès normal"))),
            Attribute(VihfAttributes.ResourceId, context.PatientIns),
            Attribute(VihfAttributes.ResourceUrn, "urn:dmp"),
            Attribute(VihfAttributes.AuthenticationMode, "INDIRECTE"),
            Attribute(VihfAttributes.LpsName, context.LpsName),
            Attribute(VihfAttributes.LpsVersion, context.LpsVersion),
            Attribute(VihfAttributes.LpsHomologation, context.LpsHomologationId));
        var assertion = new XElement(Saml + "Assertion",
            new XAttribute(XNamespace.Xmlns + "saml2", Saml),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute("ID", id),
            new XAttribute("IssueInstant", instant),
            new XAttribute("Version", "2.0"),
            new XElement(Saml + "Issuer", new XAttribute("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName"), signing.Subject),
            new XElement(Saml + "Subject",
                new XElement(Saml + "NameID", new XAttribute("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"), context.SubjectId),
                new XElement(Saml + "SubjectConfirmation", new XAttribute("Method", "urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"))),
            new XElement(Saml + "Conditions", new XAttribute("NotBefore", instant), new XAttribute("NotOnOrAfter", Instant(now + Lifetime))),
            new XElement(Saml + "AuthnStatement", new XAttribute("AuthnInstant", instant),
                new XElement(Saml + "AuthnContext", new XElement(Saml + "AuthnContextClassRef", "urn:oasis:names:tc:SAML:2.0:ac:classes:TLSClient"))),
            attributes);
        return Sign(assertion, id, signing);
    }

    // Enveloped signature placed right after Issuer, as the SAML schema orders it.
    private static XElement Sign(XElement assertion, string id, X509Certificate2 signing)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        using (var reader = assertion.CreateReader())
        {
            document.Load(reader);
        }

        using var key = signing.GetRSAPrivateKey() ?? throw new InvalidOperationException("The DMP signing certificate has no RSA private key.");
        var signed = new SignedXml(document) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signing));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        var root = document.DocumentElement!;
        root.InsertAfter(document.ImportNode(signed.GetXml(), true), root.FirstChild);
        using var nodeReader = new XmlNodeReader(document);
        return XElement.Load(nodeReader, LoadOptions.PreserveWhitespace);
    }

    private static XElement Attribute(string name, object value) =>
        new(Saml + "Attribute", new XAttribute("Name", name), new XElement(Saml + "AttributeValue", value));

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
