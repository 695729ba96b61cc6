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
    public const string Iti43Action = "urn:ihe:iti:2007:RetrieveDocumentSet";
    public const string Iti18Action = "urn:ihe:iti:2007:RegistryStoredQuery";
    public const string Iti57Action = "urn:ihe:iti:2010:UpdateDocumentSet";
    public const string RepositoryUniqueId = "1.2.250.1.213.1.1.9.99";

    private const string Success = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";
    private const string Failure = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure";
    private const string StoredQueryApproved = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved";
    private const string StoredQueryDeprecated = "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated";
    private const string StoredQueryArchived = "urn:asip:ci-sis:2010:StatusType:Archived";
    private const string StoredQueryDeleted = "urn:asip:ci-sis:2010:StatusType:Deleted";

    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";
    private static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Saml = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static readonly XNamespace Xdsb = "urn:ihe:iti:xds-b:2007";
    private static readonly XNamespace Lcm = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";
    private static readonly XNamespace Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    private static readonly XNamespace Rs = "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0";
    private static readonly XNamespace Xop = "http://www.w3.org/2004/08/xop/include";
    private static readonly XNamespace QueryNs = "urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0";

    // The registry: every metadata version by entryUUID, with the document's content.
    private readonly Dictionary<string, StoredEntry> _registry = [];

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

    /// <summary>True: every request gets HTTP 503 with no body, as from a load balancer in front of a DMP that is down.</summary>
    public bool Unavailable { get; set; }

    /// <summary>The submissions accepted, in order.</summary>
    public ConcurrentQueue<DmpSubmission> Submissions { get; } = new();

    /// <summary>The stored queries answered (their ids), in order.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>The uniqueIds of the documents retrieved, in order.</summary>
    public ConcurrentQueue<string> Retrievals { get; } = new();

    /// <summary>How long the DMP waits, after it registered a submission, before it answers (a slow DMP, a sender that gives up or dies meanwhile).</summary>
    public TimeSpan SubmissionAnswerDelay { get; set; }

    /// <summary>The ITI-57 updates applied, in order.</summary>
    public ConcurrentQueue<DmpUpdate> Updates { get; } = new();

    /// <summary>The registry's entries of a usager (by INS): uniqueId, status and confidentiality codes of each current version.</summary>
    public IReadOnlyList<(string EntryUuid, string UniqueId, string Status, IReadOnlyList<string> Confidentiality)> EntriesOf(string ins)
    {
        lock (_registry)
        {
            return [.. _registry.Values.Where(e => e.Ins == ins).Select(e => (e.EntryUuid, e.UniqueId, e.Status, (IReadOnlyList<string>)[.. e.Metadata.Elements(Rim + "Classification")
                .Where(c => (string?)c.Attribute("classificationScheme") == XdsIdentifiers.DocumentEntry.ConfidentialityCode).Select(c => (string?)c.Attribute("nodeRepresentation") ?? string.Empty)]))];
        }
    }

    /// <summary>Every request that reached the endpoint (accepted or not).</summary>
    public int RequestCount => _requests;

    /// <summary>What broke the protocol in the requests received.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>The repository's endpoint (ITI-41, ITI-43).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The registry's endpoint (ITI-18, ITI-57).</summary>
    public Uri RegistryEndpoint { get; private set; } = null!;

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
        app.MapPost("/registry", (Delegate)dmp.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        dmp.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/repository");
        dmp.RegistryEndpoint = new Uri(dmp.Endpoint, "/registry");
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
        if (Unavailable)
        {
            context.Response.StatusCode = 503;
            return;
        }

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
        var repository = context.Request.Path == "/repository";
        var expected = repository ? new[] { Iti41Action, Iti43Action } : [Iti18Action, Iti57Action];
        Require(envelope.Root?.Name == Soap + "Envelope", "the message is not a SOAP 1.2 envelope", problems);
        Require(expected.Contains(action?.Value) && (string?)action!.Attribute(Soap + "mustUnderstand") is "true" or "1",
            $"wsa:Action ({action?.Value}) is not one of {string.Join(", ", expected)} with mustUnderstand", problems);
        Require(header?.Element(Wsa + "MessageID")?.Value.StartsWith("urn:uuid:", StringComparison.Ordinal) == true, "no wsa:MessageID urn:uuid", problems);
        Require(header?.Element(Wsa + "To")?.Value == new Uri(Endpoint, context.Request.Path.Value).AbsoluteUri, "wsa:To is not this endpoint", problems);
        Require(header?.Element(Wsse + "Security")?.Element(XName.Get("Timestamp", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd")) is not null, "no wsu:Timestamp in wsse:Security", problems);
        var vihf = CheckAssertion(root, problems);
        var body = envelope.Root?.Element(Soap + "Body")?.Elements().FirstOrDefault();
        if (problems.Count > 0 || vihf is null || body is null)
        {
            await FaultAsync(context, problems.Count > 0 ? problems : ["the SOAP body is empty"]);
            return;
        }

        var messageId = header!.Element(Wsa + "MessageID")!.Value;
        var call = new Call(vihf.Value.Structure, vihf.Value.ResourceId, vihf.Value.Attributes, problems);
        var (answer, answerParts) = action!.Value switch
        {
            Iti41Action => (ProvideAndRegister(body, parts, envelope, call), []),
            Iti43Action => Retrieve(body, call),
            Iti18Action => (Query(body, call), []),
            _ => (Update(body, call), new List<(string, byte[])>()),
        };
        if (problems.Count > 0)
        {
            await FaultAsync(context, problems);
            return;
        }

        if (action.Value == Iti41Action && SubmissionAnswerDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(SubmissionAnswerDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender went away (a timeout, a killed process): what it sent is registered all the same.
                return;
            }
        }

        await RespondAsync(context, action.Value + "Response", messageId, answer, answerParts);
    }

    // Who asks, for whom (the VIHF), and where the protocol problems of the request go.
    private sealed record Call(string Structure, string ResourceId, IReadOnlyDictionary<string, string> Vihf, List<string> Problems)
    {
        public string Ins => Hl7V2.ParseCx(ResourceId)?.Id ?? string.Empty;
    }

    // The DMP's refusals before anything: a refused structure, no DMP, a closed DMP.
    private (string Code, string Context)? Refusal(Call call) =>
        RefusedStructures.ContainsKey(call.Structure) ? ("DMPAccessDenied", "La structure n'est pas autorisée à accéder à ce DMP")
        : !Patients.TryGetValue(call.Ins, out var state) ? ("XDSUnknownPatientId", "Le DMP de ce patient n'existe pas")
        : state == DmpState.Closed ? ("DMPClosed", "Le DMP de ce patient est fermé")
        : null;

    private XElement ProvideAndRegister(XElement request, Dictionary<string, byte[]> parts, XDocument envelope, Call call)
    {
        var problems = call.Problems;
        var submit = request.Name == Xdsb + "ProvideAndRegisterDocumentSetRequest" ? request.Element(Lcm + "SubmitObjectsRequest") : null;
        if (submit is null)
        {
            problems.Add("the body is not a ProvideAndRegisterDocumentSetRequest with a SubmitObjectsRequest");
            return request;
        }

        var metadata = new XDocument(new XElement(submit));
        problems.AddRange(XdsMetadataRules.Check(metadata).Select(p => "XDS metadata: " + p));
        var documents = new Dictionary<string, byte[]>();
        foreach (var entry in submit.Descendants(Rim + "ExtrinsicObject"))
        {
            var id = (string?)entry.Attribute("id");
            var include = request.Elements(Xdsb + "Document").FirstOrDefault(d => (string?)d.Attribute("id") == id)?.Element(Xop + "Include");
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

        if (problems.Count > 0)
        {
            return request;
        }

        var submission = EbRimReader.Read(metadata);
        Require(call.ResourceId == submission.PatientId, $"the VIHF resource-id ({call.ResourceId}) is not the submission's patientId ({submission.PatientId})", problems);
        problems.AddRange(LocalDmpSignature.Problems(submission, documents, _certificates.IsIssuedByAuthority).Select(p => "XAdES: " + p));
        // The signature is checked, not kept among the usager's documents.
        var signatures = LocalDmpSignature.EntriesOf(submission);
        submission = submission with { Documents = [.. submission.Documents.Except(signatures)] };
        signatures.ForEach(s => documents.Remove(s.EntryUuid));
        if (problems.Count > 0)
        {
            return request;
        }

        var error = Refusal(call);
        lock (_registry)
        {
            error ??= submission.Documents.Select(d => _registry.Values.Any(e => e.UniqueId == d.UniqueId) ? ("XDSDuplicateUniqueIdInRegistry", $"Le document {d.UniqueId} est déjà dans le DMP") : ((string, string)?)null).FirstOrDefault(e => e is not null);
            foreach (var (replacing, replaced) in submission.Replaces ?? new Dictionary<string, string>())
            {
                error ??= _registry.TryGetValue(replaced, out var target) && target.Ins == call.Ins && target.Status == StoredQueryApproved
                    ? null
                    : ("UnresolvedReferenceException", $"Le document remplacé {replaced} n'est pas un document courant de ce DMP");
            }

            if (error is null)
            {
                foreach (var (_, replaced) in submission.Replaces ?? new Dictionary<string, string>())
                {
                    _registry[replaced] = _registry[replaced] with { Status = StoredQueryDeprecated };
                }

                Register(submit, submission, documents, call.Ins);

                Submissions.Enqueue(new DmpSubmission(envelope, submission, documents, call.Vihf));
            }
        }

        return RegistryAnswer(error);
    }

    /// <summary>Archives the current entry of <paramref name="uniqueId"/> as another structure (or the usager) would have.</summary>
    public void Archive(string uniqueId)
    {
        lock (_registry)
        {
            var entry = _registry.Values.Single(e => e.UniqueId == uniqueId && e.Status == StoredQueryApproved);
            _registry[entry.EntryUuid] = entry with { Status = StoredQueryArchived };
        }
    }

    /// <summary>Registers documents in a usager's DMP as another structure would have (what <c>$dmp-fetch</c> then finds).</summary>
    public void Seed(XdsSubmissionSet submission, IReadOnlyDictionary<string, byte[]> documents)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (_registry)
        {
            Register(EbRimWriter.Write(submission).Root!, submission, documents, Hl7V2.ParseCx(submission.PatientId)?.Id ?? string.Empty);
        }
    }

    // Under the registry's lock.
    private void Register(XElement submit, XdsSubmissionSet submission, IReadOnlyDictionary<string, byte[]> documents, string ins)
    {
        foreach (var entry in submit.Elements(Rim + "RegistryObjectList").Elements(Rim + "ExtrinsicObject"))
        {
            var id = (string)entry.Attribute("id")!;
            var stored = new XElement(entry);
            stored.SetAttributeValue("lid", id);
            stored.AddFirst(new XElement(Rim + "Slot", new XAttribute("name", "repositoryUniqueId"), new XElement(Rim + "ValueList", new XElement(Rim + "Value", RepositoryUniqueId))));
            stored.Add(new XElement(Rim + "VersionInfo", new XAttribute("versionName", "1")));
            if (submission.Documents.FirstOrDefault(d => d.EntryUuid == id) is not { } document)
            {
                continue;
            }

            _registry[id] = new StoredEntry(id, id, 1, StoredQueryApproved, document.UniqueId, ins, stored, documents[id]);
        }
    }

    private XElement Query(XElement request, Call call)
    {
        var query = request.Name == QueryNs + "AdhocQueryRequest" ? request.Element(Rim + "AdhocQuery") : null;
        string? SlotValue(string name) => query?.Elements(Rim + "Slot").FirstOrDefault(s => (string?)s.Attribute("name") == name)?.Element(Rim + "ValueList")?.Element(Rim + "Value")?.Value;
        IEnumerable<string> Values(string? list) => (list ?? string.Empty).Trim('(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Trim().Trim('\''));
        var queryId = (string?)query?.Attribute("id");
        Require(request.Element(QueryNs + "ResponseOption")?.Attribute("returnType")?.Value == "LeafClass", "the stored query does not ask for LeafClass", call.Problems);
        List<StoredEntry> found;
        lock (_registry)
        {
            switch (queryId)
            {
                case "urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d":
                    var patient = Values(SlotValue("$XDSDocumentEntryPatientId")).FirstOrDefault();
                    var statuses = Values(SlotValue("$XDSDocumentEntryStatus")).ToList();
                    Require(patient == call.ResourceId, $"FindDocuments asks for {patient}, the VIHF is about {call.ResourceId}", call.Problems);
                    Require(statuses.Count > 0, "FindDocuments has no $XDSDocumentEntryStatus", call.Problems);
                    found = [.. _registry.Values.Where(e => e.Ins == call.Ins && statuses.Contains(e.Status))];
                    break;
                case "urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4":
                    var uniqueIds = Values(SlotValue("$XDSDocumentEntryUniqueId")).ToList();
                    Require(uniqueIds.Count > 0, "GetDocuments has no $XDSDocumentEntryUniqueId", call.Problems);
                    found = [.. _registry.Values.Where(e => e.Ins == call.Ins && uniqueIds.Contains(e.UniqueId) && e.Status != StoredQueryDeprecated)];
                    break;
                default:
                    call.Problems.Add($"the stored query {queryId} is not FindDocuments or GetDocuments");
                    return request;
            }
        }

        Queries.Enqueue(queryId!);
        var error = Refusal(call);
        return new XElement(QueryNs + "AdhocQueryResponse",
            new XAttribute("status", error is null ? Success : Failure),
            error is { } e ? new XElement(Rs + "RegistryErrorList", Error(e)) : null,
            new XElement(Rim + "RegistryObjectList", error is null ? found.Select(f => Versioned(f)) : null));
    }

    private (XElement Answer, List<(string, byte[])> Parts) Retrieve(XElement request, Call call)
    {
        var asked = request.Element(Xdsb + "DocumentRequest");
        Require(asked?.Element(Xdsb + "RepositoryUniqueId")?.Value == RepositoryUniqueId, "the RetrieveDocumentSetRequest does not name this repository", call.Problems);
        var uniqueId = asked?.Element(Xdsb + "DocumentUniqueId")?.Value;
        StoredEntry? entry;
        lock (_registry)
        {
            entry = _registry.Values.FirstOrDefault(e => e.UniqueId == uniqueId && e.Ins == call.Ins);
        }

        var error = Refusal(call) ?? (entry is null ? ("XDSMissingDocument", $"Le document {uniqueId} n'est pas dans ce DMP") : null);
        var response = new XElement(Xdsb + "RetrieveDocumentSetResponse", RegistryAnswer(error));
        if (error is not null)
        {
            return (response, []);
        }

        Retrievals.Enqueue(uniqueId!);
        response.Add(new XElement(Xdsb + "DocumentResponse",
            new XElement(Xdsb + "RepositoryUniqueId", RepositoryUniqueId),
            new XElement(Xdsb + "DocumentUniqueId", uniqueId),
            new XElement(Xdsb + "mimeType", (string?)entry!.Metadata.Attribute("mimeType")),
            new XElement(Xdsb + "Document", new XElement(Xop + "Include", new XAttribute("href", "cid:document1@dmp")))));
        return (response, [("document1@dmp", entry.Content)]);
    }

    private XElement Update(XElement request, Call call)
    {
        var list = request.Name == Lcm + "SubmitObjectsRequest" ? request.Element(Rim + "RegistryObjectList") : null;
        var set = list?.Elements(Rim + "RegistryPackage").FirstOrDefault();
        if (set is null)
        {
            call.Problems.Add("the update is not a SubmitObjectsRequest with a submission set");
            return request;
        }

        var error = Refusal(call);
        lock (_registry)
        {
            foreach (var association in list!.Elements(Rim + "Association"))
            {
                var type = (string?)association.Attribute("associationType");
                var target = (string?)association.Attribute("targetObject") ?? string.Empty;
                Require((string?)association.Attribute("sourceObject") == (string?)set.Attribute("id"), "an association of the update does not come from its submission set", call.Problems);
                if (type == "urn:ihe:iti:2010:AssociationType:UpdateAvailabilityStatus")
                {
                    var original = Slot(association, "OriginalStatus");
                    var status = Slot(association, "NewStatus");
                    Require(status is StoredQueryArchived or StoredQueryDeleted or StoredQueryApproved, $"NewStatus {status} is not a status the DMP takes", call.Problems);
                    if (!_registry.TryGetValue(target, out var entry) || entry.Ins != call.Ins)
                    {
                        error ??= ("UnresolvedReferenceException", $"{target} n'est pas un document de ce DMP");
                    }
                    else if (entry.Status != original)
                    {
                        error ??= ("XDSMetadataVersionError", $"OriginalStatus {original} n'est pas le statut de {target} ({entry.Status})");
                    }
                    else if (error is null && call.Problems.Count == 0)
                    {
                        _registry[target] = entry with { Status = status! };
                        Updates.Enqueue(new DmpUpdate(entry.UniqueId, status!, null));
                    }
                }
                else if (type == XdsIdentifiers.HasMember)
                {
                    var version = list.Elements(Rim + "ExtrinsicObject").FirstOrDefault(e => (string?)e.Attribute("id") == target);
                    var lid = (string?)version?.Attribute("lid");
                    var previous = _registry.Values.FirstOrDefault(e => e.LogicalId == lid && e.Status != StoredQueryDeprecated);
                    if (version is null || previous is null || previous.Ins != call.Ins)
                    {
                        error ??= ("UnresolvedReferenceException", $"{lid} n'est pas un document de ce DMP");
                        continue;
                    }

                    Require(Slot(association, "PreviousVersion") == previous.Version.ToString(CultureInfo.InvariantCulture), "PreviousVersion is not the entry's current version", call.Problems);
                    Require(Identifier(version, XdsIdentifiers.DocumentEntry.UniqueId) == previous.UniqueId, "the new metadata version changes the uniqueId", call.Problems);
                    var codes = version.Elements(Rim + "Classification").Where(c => (string?)c.Attribute("classificationScheme") == XdsIdentifiers.DocumentEntry.ConfidentialityCode)
                        .Select(c => (string?)c.Attribute("nodeRepresentation") ?? string.Empty).ToList();
                    Require(version.Elements(Rim + "Classification").All(c => (string?)c.Attribute("classifiedObject") == target), "a classification of the new version names another object", call.Problems);
                    if (error is null && call.Problems.Count == 0)
                    {
                        var stored = new XElement(version);
                        stored.Add(new XElement(Rim + "VersionInfo", new XAttribute("versionName", (previous.Version + 1).ToString(CultureInfo.InvariantCulture))));
                        _registry[previous.EntryUuid] = previous with { Status = StoredQueryDeprecated };
                        _registry[target] = previous with { EntryUuid = target, Version = previous.Version + 1, Status = StoredQueryApproved, Metadata = stored };
                        Updates.Enqueue(new DmpUpdate(previous.UniqueId, null, codes));
                    }
                }
            }
        }

        return RegistryAnswer(error);
    }

    private static XElement Versioned(StoredEntry entry)
    {
        var metadata = new XElement(entry.Metadata);
        metadata.SetAttributeValue("status", entry.Status);
        metadata.SetAttributeValue("lid", entry.LogicalId);
        return metadata;
    }

    private static XElement RegistryAnswer((string Code, string Context)? error) =>
        new(Rs + "RegistryResponse",
            new XAttribute("status", error is null ? Success : Failure),
            error is { } e ? new XElement(Rs + "RegistryErrorList", Error(e)) : null);

    private static XElement Error((string Code, string Context) error) =>
        new(Rs + "RegistryError", new XAttribute("errorCode", error.Code), new XAttribute("codeContext", error.Context),
            new XAttribute("severity", "urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error"));

    private static string? Identifier(XElement owner, string scheme) =>
        (string?)owner.Elements(Rim + "ExternalIdentifier").FirstOrDefault(e => (string?)e.Attribute("identificationScheme") == scheme)?.Attribute("value");

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
    private static async Task RespondAsync(HttpContext context, string action, string relatesTo, XElement answer, List<(string ContentId, byte[] Content)> parts)
    {
        var envelope = new XElement(Soap + "Envelope",
            new XElement(Soap + "Header",
                new XElement(Wsa + "Action", action),
                new XElement(Wsa + "RelatesTo", relatesTo)),
            new XElement(Soap + "Body", answer));
        var boundary = "uuid:" + Guid.NewGuid();
        context.Response.ContentType = $"multipart/related; boundary=\"{boundary}\"; type=\"application/xop+xml\"; start=\"<root.message@dmp>\"; start-info=\"application/soap+xml\"";
        using var body = new MemoryStream();
        void Text(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Text($"--{boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@dmp>\r\n\r\n");
        Text(envelope.ToString(SaveOptions.DisableFormatting));
        foreach (var (contentId, content) in parts)
        {
            Text($"\r\n--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{contentId}>\r\n\r\n");
            body.Write(content);
        }

        Text($"\r\n--{boundary}--\r\n");
        await context.Response.Body.WriteAsync(body.ToArray());
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

/// <summary>An ITI-57 update the local DMP applied: the document, its new status, or its confidentiality codes after a metadata update.</summary>
public sealed record DmpUpdate(string UniqueId, string? NewStatus, IReadOnlyList<string>? Confidentiality);

/// <summary>One metadata version in the local DMP's registry.</summary>
internal sealed record StoredEntry(string EntryUuid, string LogicalId, int Version, string Status, string UniqueId, string Ins, XElement Metadata, byte[] Content);

/// <summary>A submission the local DMP accepted: the envelope, the metadata read, the documents by entryUUID, the VIHF attributes.</summary>
public sealed record DmpSubmission(XDocument Envelope, XdsSubmissionSet Submission, IReadOnlyDictionary<string, byte[]> Documents, IReadOnlyDictionary<string, string> Vihf);
