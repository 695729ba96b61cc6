using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// Sends MSSanté mails through the operator's SMTP server: STARTTLS required, TLS 1.2 or 1.3 only, the server's
/// certificate checked (against the configured authority when given), then SASL XOAUTH2 with the mailbox's token or a
/// TLS client certificate; delivery status notifications (DSN) asked for success and failure.
/// </summary>
public sealed class MsSanteSmtpSender(MsSanteTokenProvider tokens)
{
    /// <summary>Sends <paramref name="message"/> from the mailbox of <paramref name="settings"/>; <see cref="MsSanteException"/> says whether trying again can help.</summary>
    public async Task SendAsync(MsSanteMessage message, MsSanteOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var mail = MsSanteMail.Build(message, new MailboxAddress(settings.SenderName, settings.Mailbox), settings.SoftwareId);
        using var client = new DsnSmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        MsSanteTls.Configure(client, settings);
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, SecureSocketOptions.StartTls, cancellationToken);
            await MsSanteTls.AuthenticateAsync(client, settings, tokens, cancellationToken);
            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException exception)
        {
            // 5xx: the operator refuses this mail (recipient, size, content): sending it again will not help.
            throw new MsSanteException($"The MSSanté operator refused the mail: {(int)exception.StatusCode} {exception.Message}", permanent: (int)exception.StatusCode >= 500, exception);
        }
        catch (MailKit.Security.AuthenticationException exception)
        {
            throw new MsSanteException("The MSSanté operator refused the authentication: " + exception.Message, permanent: true, exception);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ServiceNotConnectedException or SmtpProtocolException or SslHandshakeException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MsSanteException("The MSSanté operator could not be reached: " + exception.Message, permanent: false, exception);
        }
    }

    // DSN (RFC 3461) for every recipient: success and failure are reported to the mailbox.
    private sealed class DsnSmtpClient : SmtpClient
    {
        protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox) =>
            DeliveryStatusNotification.Success | DeliveryStatusNotification.Failure | DeliveryStatusNotification.Delay;

        protected override string GetEnvelopeId(MimeMessage message) => message.MessageId ?? string.Empty;
    }
}

/// <summary>The TLS and authentication rules shared by the SMTP and IMAP clients of the connector.</summary>
internal static class MsSanteTls
{
    public static void Configure(MailService client, MsSanteOptions settings)
    {
        client.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        client.CheckCertificateRevocation = settings.ServerCaCertificatePath is null;
        if (settings.ServerCaCertificatePath is { } caPath)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authority);
        }

        if (settings.Authentication == MsSanteAuthentication.Certificate)
        {
            client.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(
                settings.ClientCertificatePath ?? throw new MsSanteException("MsSante:ClientCertificatePath is needed for certificate authentication.", permanent: true),
                settings.ClientCertificatePassword)];
        }
    }

    public static async Task AuthenticateAsync(MailService client, MsSanteOptions settings, MsSanteTokenProvider tokens, CancellationToken cancellationToken)
    {
        if (!client.IsSecure)
        {
            throw new MsSanteException("The connection is not encrypted: MSSanté requires STARTTLS.", permanent: true);
        }

        if (settings.Authentication == MsSanteAuthentication.XOAuth2)
        {
            await client.AuthenticateAsync(new SaslMechanismOAuth2(settings.Mailbox, await tokens.TokenAsync(settings, cancellationToken)), cancellationToken);
        }
    }

    // The operator's certificate must chain to the configured authority (and name the host it was reached at).
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }
}
