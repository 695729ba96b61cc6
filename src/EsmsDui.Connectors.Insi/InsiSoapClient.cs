using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using EsmsDui.Dossier.Identity.Insi;
using EsmsDui.Fhir.Errors;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Insi;

/// <summary>
/// <see cref="IInsiService"/> over the teleservice's SOAP 1.2 protocol, authenticated by the structure's certificate
/// (mutual TLS 1.2+). The traits are sent with each first name in turn until INSi finds one identity or answers
/// something else than "not found".
/// </summary>
public sealed class InsiSoapClient : IInsiService, IDisposable
{
    private readonly InsiOptions _options;
    private readonly TimeProvider _clock;
    private readonly Lazy<HttpClient> _http;

    /// <summary>Creates the client; the HTTP connection (and its certificates) is set up on first use.</summary>
    public InsiSoapClient(IOptions<InsiOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _http = new Lazy<HttpClient>(CreateHttpClient);
    }

    /// <inheritdoc />
    public async Task<InsiAnswer> SearchAsync(InsiTraits traits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traits);
        if (_options.Endpoint is null)
        {
            throw new FhirException(FhirErrorKind.ServiceUnavailable, "INSi is not configured on this server (Insi:Endpoint and the structure's certificate).");
        }

        InsiAnswer? answer = null;
        foreach (var firstName in traits.FirstNames)
        {
            answer = await AskAsync(traits, firstName, cancellationToken);
            if (answer.Code != InsiAnswer.NotFound)
            {
                break;
            }
        }

        return answer ?? throw new FhirException(FhirErrorKind.Invalid, "INSi is asked with at least one first name.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    private async Task<InsiAnswer> AskAsync(InsiTraits traits, string firstName, CancellationToken cancellationToken)
    {
        var messageId = $"uuid:{Guid.NewGuid()}";
        var envelope = InsiEnvelope.Search(traits, firstName, _options, messageId, _clock.GetUtcNow());
        using var content = new StringContent(envelope.Declaration + envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/soap+xml; charset=utf-8; action=\"{InsiEnvelope.SearchAction}\"");
        try
        {
            using var response = await _http.Value.PostAsync(_options.Endpoint, content, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            XDocument document;
            try
            {
                document = XDocument.Parse(body);
            }
            catch (XmlException)
            {
                throw new FhirException(FhirErrorKind.BadGateway, $"INSi answered HTTP {(int)response.StatusCode} without a SOAP message.");
            }

            return InsiResult.Read(document, messageId);
        }
        catch (HttpRequestException ex)
        {
            throw new FhirException(FhirErrorKind.BadGateway, $"INSi could not be reached: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FhirException(FhirErrorKind.BadGateway, $"INSi did not answer within {_options.Timeout.TotalSeconds:0} s.");
        }
    }

    private HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = _options.Timeout };
        handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        if (_options.ClientCertificatePath is { } path)
        {
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(path, _options.ClientCertificatePassword)];
        }

        if (_options.ServerCaCertificatePath is { } caPath)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 server && ChainsTo(server, authority)
                && (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) == System.Net.Security.SslPolicyErrors.None;
        }

        return new HttpClient(handler) { Timeout = _options.Timeout };
    }

    // The server's certificate must chain to the configured authority (and to nothing else).
    private static bool ChainsTo(X509Certificate2 server, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
