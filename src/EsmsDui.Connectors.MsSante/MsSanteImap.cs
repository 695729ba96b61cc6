using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// The mailbox over IMAP, with the same rules as sending: STARTTLS required, TLS 1.2 or 1.3, the operator's
/// certificate checked, SASL XOAUTH2 or a client certificate.
/// </summary>
public sealed class MsSanteImap(MsSanteTokenProvider tokens)
{
    /// <summary>A client connected to the mailbox of <paramref name="settings"/>; <see cref="MsSanteException"/> when the operator cannot be reached or refuses.</summary>
    public async Task<ImapClient> ConnectAsync(MsSanteOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var client = new ImapClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            MsSanteTls.Configure(client, settings);
            await client.ConnectAsync(settings.ImapHost, settings.ImapPort, SecureSocketOptions.StartTls, cancellationToken);
            await MsSanteTls.AuthenticateAsync(client, settings, tokens, cancellationToken);
            return client;
        }
        catch (AuthenticationException exception)
        {
            client.Dispose();
            throw new MsSanteException("The MSSanté operator refused the IMAP authentication: " + exception.Message, permanent: true, exception);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            client.Dispose();
            throw new MsSanteException("The MSSanté operator's IMAP server could not be reached: " + exception.Message, permanent: false, exception);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True when the operator's copy of sent mails holds the mail <paramref name="messageId"/>; null when the mailbox
    /// has no such folder (nothing can then be known).
    /// </summary>
    public async Task<bool?> SentContainsAsync(MsSanteOptions settings, string messageId, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(settings, cancellationToken);
        try
        {
            IMailFolder? sent = settings.SentFolder.Length > 0
                ? await client.GetFolderAsync(settings.SentFolder, cancellationToken)
                : client.Capabilities.HasFlag(ImapCapabilities.SpecialUse) ? client.GetFolder(SpecialFolder.Sent) : null;
            if (sent is null)
            {
                return null;
            }

            await sent.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var found = await sent.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return found.Count > 0;
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new MsSanteException("The MSSanté operator's IMAP server could not be read: " + exception.Message, permanent: false, exception);
        }
    }

    /// <summary>True for failures that trying again later can cure (network, protocol, time-out).</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        exception is IOException or SocketException or ServiceNotConnectedException or ImapProtocolException or ImapCommandException or SslHandshakeException or TimeoutException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
