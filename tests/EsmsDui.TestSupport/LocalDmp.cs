using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Xds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace EsmsDui.TestSupport;

/// <summary>
/// A local DMP document repository that speaks the XDS.b protocol and checks everything it receives: mutual TLS with
/// a client certificate of the test authority, MTOM/XOP packaging, SOAP 1.2 with WS-Addressing, the WS-Security
/// header's VIHF 4.0 assertion (XML-DSig signature by a certificate of the authority, over the assertion itself,
/// and every VIHF attribute), the XDS metadata rules, and each document part against its metadata (size, SHA-1).
/// It answers as the DMP does: a RegistryResponse Success, or Failure with the DMP's error for an unknown patient,
/// a closed DMP or a refused structure. Whatever breaks the protocol is listed in <see cref="Violations"/>.
/// </summary>
public sealed class LocalDmp : IAsyncDisposable
{
    public const string Iti41Action = "urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b";

    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";
    private static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Saml = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static readonly XNamespace Xdsb = "urn:ihe:iti:xds-b:2007";
    private static readonly XNamespace Lcm = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";
    private static readonly XNamespace Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    private static readonly XNamespace Rs = "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0";
    private static readonly XNamespace Xop = "http://www.w3.org/2004/08/xop/include";

    private readonly WebApplication _app;
    private readonly TestCertificates _certificates;

    private LocalDmp(WebApplication app, TestCertificates certificates)
    {
        _app = app;
        _certificates = certificates;
    }

    /// <summary>The DMP's state for an INS (matricule): absent means no DMP.</summary>
    public ConcurrentDictionary<string, DmpState> Patients { get; } = new();

    /// <summary>Structures (Identifiant_Structure) the DMP refuses.</summary>
    public ConcurrentDictionary<string, bool> RefusedStructures { get; } = new();

    /// <summary>The submissions accepted, in order.</summary>
    public ConcurrentQueue<DmpSubmission> Submissions { get; } = new();

    /// <summary>Every request that reached the endpoint (accepted or not).</summary>
    public int RequestCount => _requests;

    /// <summary>What broke the protocol in the requests received.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    private int _requests;

    public static async Task<LocalDmp> StartAsync(TestCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = certificates.Server;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) => certificates.IsIssuedByAuthority(certificate);
            }));
        });
        var app = builder.Build();
        var dmp = new LocalDmp(app, certificates);
        app.MapPost("/repository", (Delegate)dmp.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        dmp.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/repository");
        return dmp;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var problems = new List<string>();
        var (root, parts) = await ReadMtomAsync(context.Request, problems);
        if (root is null)
        {
            await FaultAsync(context, problems);
            return;
        }

        var envelope = XDocument.Load(new MemoryStream(root), LoadOptions.PreserveWhitespace);
        var header = envelope.Root?.Element(Soap + "Header");
        var action = header?.Element(Wsa + "Action");
        Require(envelope.Root?.Name == Soap + "Envelope", "the message is not a SOAP 1.2 envelope", problems);
        Require(action?.Value == Iti41Action && (string?)action.Attribute(Soap + "mustUnderstand") is "true" or "1", "wsa:Action is not the ITI-41 action with mustUnderstand", problems);
        Require(header?.Element(Wsa + "MessageID")?.Value.StartsWith("urn:uuid:", StringComparison.Ordinal) == true, "no wsa:MessageID urn:uuid", problems);
        Require(header?.Element(Wsa + "To")?.Value == Endpoint.AbsoluteUri, "wsa:To is not this endpoint", problems);
        var security = header?.Element(Wsse + "Security");
        Require(security?.Element(XName.Get("Timestamp", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd")) is not null, "no wsu:Timestamp in wsse:Security", problems);
        var vihf = CheckAssertion(root, problems);

        var request = envelope.Root?.Element(Soap + "Body")?.Element(Xdsb + "ProvideAndRegisterDocumentSetRequest");
        var submit = request?.Element(Lcm + "SubmitObjectsRequest");
        Require(submit is not null, "the body is not a ProvideAndRegisterDocumentSetRequest with a SubmitObjectsRequest", problems);
        var documents = new Dictionary<string, byte[]>();
        XdsSubmissionSet? submission = null;
        if (submit is not null)
        {
            var metadata = new XDocument(new XElement(submit));
            problems.AddRange(XdsMetadataRules.Check(metadata).Select(p => "XDS metadata: " + p));
            foreach (var entry in submit.Descendants(Rim + "ExtrinsicObject"))
            {
                var id = (string?)entry.Attribute("id");
                var include = request!.Elements(Xdsb + "Document").FirstOrDefault(d => (string?)d.Attribute("id") == id)?.Element(Xop + "Include");
                var cid = Uri.UnescapeDataString(((string?)include?.Attribute("href"))?.Replace("cid:", string.Empty, StringComparison.Ordinal) ?? string.Empty);
                if (!parts.TryGetValue(cid, out var content))
                {
                    problems.Add($"the document {id} has no xop:Include to a part of the message");
                    continue;
                }

                var size = Slot(entry, "size");
                var hash = Slot(entry, "hash");
                Require(size == content.Length.ToString(CultureInfo.InvariantCulture), $"the size slot of {id} ({size}) is not its part's ({content.Length})", problems);
#pragma warning disable CA5350 // XDS metadata carry a SHA-1 of each document.
                Require(string.Equals(hash, Convert.ToHexStringLower(SHA1.HashData(content)), StringComparison.OrdinalIgnoreCase), $"the hash slot of {id} is not its part's SHA-1", problems);
#pragma warning restore CA5350
                documents[id!] = content;
            }

            submission = problems.Count == 0 ? EbRimReader.Read(metadata) : null;
            if (submission is not null && vihf is not null)
            {
                Require(vihf.Value.ResourceId == submission.PatientId, $"the VIHF resource-id ({vihf.Value.ResourceId}) is not the submission's patientId ({submission.PatientId})", problems);
            }
        }

        if (problems.Count > 0)
        {
            await FaultAsync(context, problems);
            return;
        }

        var ins = Hl7V2.ParseCx(submission!.PatientId)?.Id ?? string.Empty;
        var error = RefusedStructures.ContainsKey(vihf!.Value.Structure) ? ("DMPAccessDenied", "La structure n'est pas autorisée à alimenter ce DMP")
            : !Patients.TryGetValue(ins, out var state) ? ("XDSUnknownPatientId", "Le DMP de ce patient n'existe pas")
            : state == DmpState.Closed ? ("DMPClosed", "Le DMP de ce patient est fermé")
            : ((string, string)?)null;
        if (error is null)
        {
            Submissions.Enqueue(new DmpSubmission(envelope, submission, documents, vihf.Value.Attributes));
        }

        await RespondAsync(context, header!.Element(Wsa + "MessageID")!.Value, error);
    }

    // The VIHF assertion: its signature (over the assertion itself, by a certificate of the authority), its issuer,
    // its validity, and every attribute the DMP asks.
    private (string Structure, string ResourceId, IReadOnlyDictionary<string, string> Attributes)? CheckAssertion(byte[] root, List<string> problems)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.Load(new MemoryStream(root));
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("saml2", Saml.NamespaceName);
        names.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        names.AddNamespace("wsse", Wsse.NamespaceName);
        if (document.SelectSingleNode("//wsse:Security/saml2:Assertion", names) is not XmlElement assertion)
        {
            problems.Add("no SAML 2.0 assertion in wsse:Security");
            return null;
        }

        var signatureElement = assertion.SelectSingleNode("ds:Signature", names) as XmlElement;
        var signed = new SignedXml(assertion);
        X509Certificate2? signer = null;
        if (signatureElement is null)
        {
            problems.Add("the VIHF assertion is not signed");
        }
        else
        {
            signed.LoadXml(signatureElement);
            signer = signed.KeyInfo.OfType<KeyInfoX509Data>().SelectMany(d => d.Certificates!.Cast<X509Certificate2>()).FirstOrDefault();
            var reference = signed.SignedInfo!.References.Cast<Reference>().SingleOrDefault();
            Require(signer is not null && _certificates.IsIssuedByAuthority(signer), "the VIHF signing certificate is not issued by the structures' authority", problems);
            Require(reference?.Uri == "#" + assertion.GetAttribute("ID"), "the VIHF signature does not cover the assertion (reference URI)", problems);
            Require(signed.SignedInfo.SignatureMethod == SignedXml.XmlDsigRSASHA256Url, "the VIHF signature is not RSA-SHA256", problems);
            Require(signer is not null && signed.CheckSignature(signer, verifySignatureOnly: true), "the VIHF signature does not verify", problems);
        }

        XmlNode? Node(string path) => assertion.SelectSingleNode(path, names);
        Require(signer is not null && Node("saml2:Issuer")?.InnerText == signer.Subject, "the VIHF Issuer is not the signing certificate's subject", problems);
        Require(Node("saml2:Subject/saml2:NameID")?.InnerText is { Length: > 0 }, "the VIHF has no Subject/NameID", problems);
        var notBefore = DateTimeOffset.TryParse(Node("saml2:Conditions/@NotBefore")?.Value, CultureInfo.InvariantCulture, out var from) ? from : (DateTimeOffset?)null;
        var notAfter = DateTimeOffset.TryParse(Node("saml2:Conditions/@NotOnOrAfter")?.Value, CultureInfo.InvariantCulture, out var until) ? until : (DateTimeOffset?)null;
        Require(notBefore <= DateTimeOffset.UtcNow.AddMinutes(1) && notAfter > DateTimeOffset.UtcNow, "the VIHF is not valid now (Conditions)", problems);

        var attributes = new Dictionary<string, string>();
        var roles = 0;
        foreach (XmlElement attribute in assertion.SelectNodes("saml2:AttributeStatement/saml2:Attribute", names)!)
        {
            var value = attribute.SelectSingleNode("saml2:AttributeValue", names) as XmlElement;
            var name = attribute.GetAttribute("Name");
            if (name == "urn:oasis:names:tc:xacml:2.0:subject:role")
            {
                var role = value?.FirstChild as XmlElement;
                Require(role?.LocalName == "Role" && role.GetAttribute("code").Length > 0 && role.GetAttribute("codeSystem").Length > 0, "a VIHF role is not a Role with code and codeSystem", problems);
                attributes[$"role{++roles}"] = $"{role?.GetAttribute("code")}^{role?.GetAttribute("codeSystem")}";
                continue;
            }

            attributes[name] = value?.FirstChild is XmlElement coded ? coded.GetAttribute("code") : value?.InnerText ?? string.Empty;
        }

        Require(attributes.GetValueOrDefault("VIHF_Version") == "4.0", "VIHF_Version is not 4.0", problems);
        Require(roles >= 1, "the VIHF has no subject:role", problems);
        Require(attributes.GetValueOrDefault("Ressource_URN") == "urn:dmp", "Ressource_URN is not urn:dmp", problems);
        Require(attributes.GetValueOrDefault("Authentification_Mode") == "INDIRECTE", "Authentification_Mode is not INDIRECTE", problems);
        Require(attributes.GetValueOrDefault("urn:oasis:names:tc:xspa:1.0:subject:purposeofuse") == "normal", "purposeofuse is not normal", problems);
        Require(attributes.GetValueOrDefault("Secteur_Activite")?.Contains('^', StringComparison.Ordinal) == true, "Secteur_Activite is not code^OID", problems);
        foreach (var required in new[] { "urn:oasis:names:tc:xspa:1.0:subject:subject-id", "Identifiant_Structure", "urn:oasis:names:tc:xacml:2.0:resource:resource-id", "LPS_Nom", "LPS_Version", "LPS_ID_HOMOLOGATION_DMP" })
        {
            Require(attributes.GetValueOrDefault(required) is { Length: > 0 }, $"the VIHF attribute {required} is missing or empty", problems);
        }

        var resource = attributes.GetValueOrDefault("urn:oasis:names:tc:xacml:2.0:resource:resource-id") ?? string.Empty;
        Require(Hl7V2.ParseCx(resource)?.Authority is Hl7V2.InsNirOid or Hl7V2.InsNiaOid, "the VIHF resource-id is not an INS (NIR or NIA)", problems);
        return (attributes.GetValueOrDefault("Identifiant_Structure") ?? string.Empty, resource, attributes);
    }

    private static async Task<(byte[]? Root, Dictionary<string, byte[]> Parts)> ReadMtomAsync(HttpRequest request, List<string> problems)
    {
        var parts = new Dictionary<string, byte[]>();
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType != "multipart/related"
            || type.Parameters.FirstOrDefault(p => p.Name == "type")?.Value.ToString().Trim('"') != "application/xop+xml")
        {
            problems.Add($"the request is not MTOM (multipart/related; type=\"application/xop+xml\"): {request.ContentType}");
            return (null, parts);
        }

        var start = type.Parameters.FirstOrDefault(p => p.Name == "start")?.Value.ToString().Trim('"').Trim('<', '>');
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).ToString();
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = 256 * 1024 * 1024 };
        byte[]? root = null;
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            var id = section.Headers?.GetValueOrDefault("Content-ID").ToString().Trim('<', '>') ?? string.Empty;
            if (id == start)
            {
                Require(section.ContentType?.StartsWith("application/xop+xml", StringComparison.Ordinal) == true && section.ContentType.Contains("application/soap+xml", StringComparison.Ordinal),
                    "the root part is not application/xop+xml of application/soap+xml", problems);
                root = buffer.ToArray();
            }
            else
            {
                parts[id] = buffer.ToArray();
            }
        }

        Require(root is not null, "no root part named by the start parameter", problems);
        return (problems.Count == 0 ? root : null, parts);
    }

    private async Task FaultAsync(HttpContext context, List<string> problems)
    {
        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        var fault = new XElement(Soap + "Envelope", new XElement(Soap + "Body", new XElement(Soap + "Fault",
            new XElement(Soap + "Code", new XElement(Soap + "Value", "soap:Sender")),
            new XElement(Soap + "Reason", new XElement(Soap + "Text", new XAttribute(XNamespace.Xml + "lang", "fr"), string.Join("; ", problems))))));
        context.Response.StatusCode = 500;
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        await context.Response.WriteAsync(fault.ToString(SaveOptions.DisableFormatting));
    }

    // The answer the DMP gives, MTOM-packaged like the request.
    private static async Task RespondAsync(HttpContext context, string relatesTo, (string Code, string Context)? error)
    {
        var response = new XElement(Rs + "RegistryResponse",
            new XAttribute("status", error is null ? "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success" : "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure"),
            error is { } e
                ? new XElement(Rs + "RegistryErrorList", new XElement(Rs + "RegistryError",
                    new XAttribute("errorCode", e.Code), new XAttribute("codeContext", e.Context),
                    new XAttribute("severity", "urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error")))
                : null);
        var envelope = new XElement(Soap + "Envelope",
            new XElement(Soap + "Header",
                new XElement(Wsa + "Action", Iti41Action + "Response"),
                new XElement(Wsa + "RelatesTo", relatesTo)),
            new XElement(Soap + "Body", response));
        var boundary = "uuid:" + Guid.NewGuid();
        context.Response.ContentType = $"multipart/related; boundary=\"{boundary}\"; type=\"application/xop+xml\"; start=\"<root.message@dmp>\"; start-info=\"application/soap+xml\"";
        var text = new StringBuilder()
            .Append("--").Append(boundary).Append("\r\n")
            .Append("Content-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"\r\n")
            .Append("Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@dmp>\r\n\r\n")
            .Append(envelope.ToString(SaveOptions.DisableFormatting)).Append("\r\n")
            .Append("--").Append(boundary).Append("--\r\n");
        await context.Response.WriteAsync(text.ToString());
    }

    private static string? Slot(XElement owner, string name) =>
        owner.Elements(Rim + "Slot").FirstOrDefault(s => (string?)s.Attribute("name") == name)?.Element(Rim + "ValueList")?.Element(Rim + "Value")?.Value;

    private static void Require(bool holds, string problem, List<string> problems)
    {
        if (!holds)
        {
            problems.Add(problem);
        }
    }
}

/// <summary>Whether a usager's DMP is open or closed.</summary>
public enum DmpState
{
    Open,
    Closed,
}

/// <summary>A submission the local DMP accepted: the envelope, the metadata read, the documents by entryUUID, the VIHF attributes.</summary>
public sealed record DmpSubmission(XDocument Envelope, XdsSubmissionSet Submission, IReadOnlyDictionary<string, byte[]> Documents, IReadOnlyDictionary<string, string> Vihf);
