using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace EsmsDui.Connectors.Dmp.Soap;

/// <summary>The HTTP side of the DMP calls: mutual TLS 1.2+ with the structure's certificate, the DMP's authority, bounded answers.</summary>
internal static class DmpHttp
{
    public static HttpClient Create(DmpOptions options, X509Certificate2 authentication)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = options.Timeout };
        handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        handler.SslOptions.ClientCertificates = [authentication];
        if (options.ServerCaCertificatePath is { } caPath)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 server && ChainsTo(server, authority)
                && (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) == System.Net.Security.SslPolicyErrors.None;
        }

        var client = new HttpClient(handler) { Timeout = options.Timeout };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("multipart/related"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/soap+xml"));
        return client;
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

    public static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new DmpCallException(DmpFailure.Unreadable, $"The DMP's answer is larger than {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // The innermost reason (a TLS alert, a refused connection) says more than "An error occurred while sending the request".
    public static string Reason(Exception exception)
    {
        var reasons = new List<string>();
        for (var current = (Exception?)exception; current is not null; current = current.InnerException)
        {
            reasons.Add(current.Message);
        }

        return string.Join(" — ", reasons.Distinct());
    }

    public static X509Certificate2 Load(string? path, string? password, string setting) =>
        path is null
            ? throw new DmpCallException(DmpFailure.Refused, $"The DMP needs the structure's certificate ({setting}).")
            : X509CertificateLoader.LoadPkcs12FromFile(path, password);
}
