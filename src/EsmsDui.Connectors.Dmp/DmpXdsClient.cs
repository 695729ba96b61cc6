using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using EsmsDui.Connectors.Dmp.Soap;
using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp;

/// <summary>
/// The DMP's XDS.b interface: SOAP 1.2 with MTOM/XOP and WS-Addressing, a WS-Security header with the signed VIHF
/// assertion, over mutual TLS 1.2+ with the structure's authentication certificate. What would break the XDS or
/// CI-SIS header rules is refused before anything is sent (<see cref="DocumentFormatException"/>).
/// </summary>
public sealed class DmpXdsClient : IDisposable
{
    // An answer other than a retrieved document is a RegistryResponse or a query's entries (a few kilobytes per
    // document): more is not an answer of the DMP.
    private const int MaxAnswerBytes = 8 * 1024 * 1024;

    private readonly DmpOptions _options;
    private readonly TimeProvider _clock;
    private readonly Lazy<X509Certificate2> _authentication;
    private readonly Lazy<X509Certificate2> _signing;
    private readonly Lazy<HttpClient> _http;

    /// <summary>Creates the client; certificates and connections are set up on first use.</summary>
    public DmpXdsClient(IOptions<DmpOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _authentication = new Lazy<X509Certificate2>(() => DmpHttp.Load(_options.AuthenticationCertificatePath, _options.AuthenticationCertificatePassword, "Dmp:AuthenticationCertificatePath"));
        _signing = new Lazy<X509Certificate2>(() => DmpHttp.Load(_options.SigningCertificatePath, _options.SigningCertificatePassword, "Dmp:SigningCertificatePath"));
        _http = new Lazy<HttpClient>(() => DmpHttp.Create(_options, _authentication.Value));
    }

    /// <summary>
    /// ITI-41 (TD2.1): registers <paramref name="submission"/> with its documents' content (by entryUUID) in the
    /// usager's DMP, as <paramref name="vihf"/> says who asks.
    /// </summary>
    /// <exception cref="DocumentFormatException">The metadata or a CDA document breaks the rules; nothing was sent.</exception>
    /// <exception cref="DmpCallException">The call failed; <see cref="DmpCallException.Failure"/> says how.</exception>
    public async Task<RegistryResponse> ProvideAndRegisterAsync(XdsSubmissionSet submission, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> documents, VihfContext vihf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(vihf);
        var endpoint = Repository;
        // The submission set travels signed (XAdES, IHE DSG): the signature is one more document of it.
        var (signed, contents) = SubmissionSignature.Add(submission, documents, _signing.Value, _clock.GetUtcNow());
        var metadata = EbRimWriter.Write(signed);
        CheckBeforeSending(signed, metadata, contents);

        var (body, parts) = ProvideAndRegister.Write(metadata, contents);
        var response = await CallAsync(endpoint, ProvideAndRegister.Action, body, parts, vihf, MaxAnswerBytes, cancellationToken);
        var answer = RegistryResponse.Read(response.BodyContent)
            ?? throw new DmpCallException(DmpFailure.Unreadable, "The DMP answered the submission without a RegistryResponse.");
        return answer.Succeeded ? answer : throw Refusal("The DMP refused the submission", answer);
    }

    /// <summary>ITI-18 FindDocuments (TD3.1): the entries of the usager's DMP (<see cref="VihfContext.PatientIns"/>) in <paramref name="statuses"/>.</summary>
    public async Task<IReadOnlyList<XdsRegistryEntry>> FindDocumentsAsync(VihfContext vihf, IReadOnlyList<string> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vihf);
        return await QueryAsync(StoredQuery.FindDocuments(vihf.PatientIns, statuses), vihf, cancellationToken);
    }

    /// <summary>ITI-18 GetDocuments: the entry of <paramref name="uniqueId"/> in the usager's DMP, or null when it has none (an in-doubt submission did not register).</summary>
    public async Task<XdsRegistryEntry?> FindByUniqueIdAsync(VihfContext vihf, string uniqueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vihf);
        return (await QueryAsync(StoredQuery.GetDocuments([uniqueId]), vihf, cancellationToken)).FirstOrDefault(e => e.UniqueId == uniqueId);
    }

    /// <summary>ITI-18 GetDocuments: the entries of these uniqueIds (at most 20, the DMP's batch) in the usager's DMP.</summary>
    public async Task<IReadOnlyList<XdsRegistryEntry>> FindDocumentsByUniqueIdsAsync(VihfContext vihf, IReadOnlyList<string> uniqueIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vihf);
        ArgumentNullException.ThrowIfNull(uniqueIds);
        return await QueryAsync(StoredQuery.GetDocuments(uniqueIds), vihf, cancellationToken);
    }

    /// <summary>ITI-43 (TD3.2): the content of <paramref name="entry"/>, checked against its size and hash.</summary>
    public async Task<byte[]> RetrieveAsync(VihfContext vihf, XdsRegistryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var repository = entry.RepositoryUniqueId ?? throw new DmpCallException(DmpFailure.Unreadable, $"The DMP gave no repositoryUniqueId for {entry.UniqueId}.");
        // The answer carries the document: bounded by the largest document taken, plus its SOAP envelope.
        var response = await CallAsync(Repository, RetrieveDocumentSet.Action, RetrieveDocumentSet.Request(repository, entry.UniqueId), [], vihf, _options.MaxDocumentBytes + MaxAnswerBytes, cancellationToken);
        var (status, _, content) = Readable(() => RetrieveDocumentSet.Read(response, entry.UniqueId));
        if (content is null)
        {
            throw Refusal("The DMP gave no document " + entry.UniqueId, status);
        }

        if ((entry.Size is { } size && size != content.Length) || (entry.Hash is { } hash && !string.Equals(hash, XdmLayoutRules.Sha1(content), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DmpCallException(DmpFailure.Unreadable, $"The document {entry.UniqueId} the DMP gave does not match its size and hash.");
        }

        return content;
    }

    /// <summary>ITI-57 (TD3.3): does <paramref name="action"/> on <paramref name="entry"/>, in the submission set <paramref name="header"/>.</summary>
    public async Task<RegistryResponse> UpdateAsync(XdsSubmissionSet header, XdsRegistryEntry entry, DmpDocumentAction action, VihfContext vihf, CancellationToken cancellationToken)
    {
        var request = UpdateDocumentSet.Write(header, entry, action);
        var response = await CallAsync(Registry, UpdateDocumentSet.Action, request.Root!, [], vihf, MaxAnswerBytes, cancellationToken);
        var answer = RegistryResponse.Read(response.BodyContent) ?? throw new DmpCallException(DmpFailure.Unreadable, "The DMP answered the update without a RegistryResponse.");
        return answer.Succeeded ? answer : throw Refusal($"The DMP refused to {action} {entry.UniqueId}", answer);
    }

    private Uri Repository => _options.RepositoryEndpoint ?? throw NotConfigured();

    private Uri Registry => _options.RegistryEndpoint ?? Repository;

    private async Task<IReadOnlyList<XdsRegistryEntry>> QueryAsync(XElement query, VihfContext vihf, CancellationToken cancellationToken)
    {
        var response = await CallAsync(Registry, StoredQuery.Action, query, [], vihf, MaxAnswerBytes, cancellationToken);
        var (status, entries) = Readable(() => StoredQuery.Read(response.BodyContent));
        return status.Succeeded ? entries : throw Refusal("The DMP refused the query", status);
    }

    private static T Readable<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DocumentFormatException exception)
        {
            throw new DmpCallException(DmpFailure.Unreadable, exception.Message, null, exception);
        }
    }

    private static DmpCallException Refusal(string what, RegistryResponse answer) =>
        new(DmpFailure.Refused, what + ": " + string.Join("; ", answer.Errors.Select(e => $"{e.Code}: {e.Context}")), [.. answer.Errors.Select(e => e.Code)]);

    private static DmpCallException NotConfigured() =>
        new(DmpFailure.Refused, "The DMP is not configured on this server (Dmp:RepositoryEndpoint and the structure's certificates).");

    /// <inheritdoc />
    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }

        if (_authentication.IsValueCreated)
        {
            _authentication.Value.Dispose();
        }

        if (_signing.IsValueCreated)
        {
            _signing.Value.Dispose();
        }
    }

    // The XDS metadata rules on the whole submission, each document's size and hash, and the CI-SIS header of each CDA.
    private static void CheckBeforeSending(XdsSubmissionSet submission, XDocument metadata, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> documents)
    {
        var problems = XdsMetadataRules.Check(metadata).ToList();
        foreach (var entry in submission.Documents)
        {
            if (!documents.TryGetValue(entry.EntryUuid, out var content))
            {
                problems.Add($"the document entry {entry.EntryUuid} has no content");
                continue;
            }

            if (entry.Size != content.Length || !string.Equals(entry.Hash, XdmLayoutRules.Sha1(content.Span), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"the size or hash of {entry.EntryUuid} does not match its content");
            }

            if (entry.MimeType == "text/xml" && !SubmissionSignature.IsSignature(entry))
            {
                var cda = SafeXml.TryLoad(content.ToArray(), out var error);
                problems.AddRange(cda is null ? [$"{entry.EntryUuid} is not readable XML: {error}"] : CdaHeaderRules.Check(cda).Select(p => $"{entry.EntryUuid}: {p}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new DocumentFormatException("The submission breaks the XDS or CI-SIS rules, nothing was sent: " + string.Join("; ", problems));
        }
    }

    private async Task<SoapResponse> CallAsync(Uri endpoint, string action, XElement body, IReadOnlyList<(string ContentId, ReadOnlyMemory<byte> Content)> parts, VihfContext vihf, int maxAnswerBytes, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var signing = _signing.Value;
        if (signing.NotAfter < now.UtcDateTime || _authentication.Value.NotAfter < now.UtcDateTime)
        {
            throw new DmpCallException(DmpFailure.Unreachable, $"The structure's DMP certificate has expired (signing until {signing.NotAfter:yyyy-MM-dd}, authentication until {_authentication.Value.NotAfter:yyyy-MM-dd}).");
        }

        var envelope = SoapEnvelope.Write(action, "urn:uuid:" + Guid.NewGuid(), endpoint, VihfAssertion.Write(vihf, signing, now), body, now);
        using var content = MtomContent.Write(envelope, action, parts);
        try
        {
            using var response = await _http.Value.PostAsync(endpoint, content, cancellationToken);
            var bytes = await DmpHttp.ReadBoundedAsync(response.Content, maxAnswerBytes, cancellationToken);
            SoapResponse answer;
            try
            {
                answer = SoapResponse.Read(response.Content.Headers.ContentType?.ToString(), bytes);
            }
            catch (DocumentFormatException exception)
            {
                throw new DmpCallException((int)response.StatusCode >= 500 && bytes.Length == 0 ? DmpFailure.Unreachable : DmpFailure.Unreadable,
                    $"The DMP answered HTTP {(int)response.StatusCode} without a SOAP message: {exception.Message}");
            }

            if (answer.BodyContent is { } fault && fault.Name == SoapEnvelope.Soap + "Fault")
            {
                var code = fault.Descendants(SoapEnvelope.Soap + "Value").LastOrDefault()?.Value ?? "soap:Fault";
                throw new DmpCallException(DmpFailure.Refused, $"The DMP answered a SOAP fault {code}: {fault.Descendants(SoapEnvelope.Soap + "Text").FirstOrDefault()?.Value}", [code]);
            }

            return answer;
        }
        catch (HttpRequestException exception)
        {
            throw new DmpCallException(DmpFailure.Unreachable, $"The DMP could not be reached: {DmpHttp.Reason(exception)}", null, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DmpCallException(DmpFailure.Unreachable, $"The DMP did not answer within {_options.Timeout.TotalSeconds:0} s.", null, exception);
        }
    }
}
