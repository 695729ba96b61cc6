using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Runner;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace EsmsDui.Conformance.Groups.MsSante;

/// <summary>The preset's mailbox, read over IMAP (STARTTLS): the suite finds there the mail the server sent.</summary>
public static class Mailbox
{
    /// <summary>
    /// The mail of the INBOX whose text holds <paramref name="marker"/>, waited for up to the preset's bound; fails the
    /// test when it does not come.
    /// </summary>
    public static async Task<MimeMessage> WaitForAsync(MailboxPreset mailbox, string marker)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(mailbox.WaitSeconds);
        while (true)
        {
            using var client = await ConnectAsync(mailbox);
            var inbox = client.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadOnly);
            var found = await inbox.SearchAsync(SearchQuery.BodyContains(marker));
            if (found.Count > 0)
            {
                var message = await inbox.GetMessageAsync(found[^1]);
                await client.DisconnectAsync(true);
                return message;
            }

            await client.DisconnectAsync(true);
            Check.That(DateTimeOffset.UtcNow < until, $"No mail holding '{marker}' reached {mailbox.Address} within {mailbox.WaitSeconds} s.");
            await Task.Delay(1000);
        }
    }

    /// <summary>A signed-in IMAP client of <paramref name="mailbox"/>.</summary>
    public static async Task<ImapClient> ConnectAsync(MailboxPreset mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var client = new ImapClient { Timeout = 20_000 };
        if (mailbox.CaCertificatePath is { } caPath)
        {
            // A mail service whose authority is not in the machine's store (a test one, an operator's IGC-Santé).
            var authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        try
        {
            await client.ConnectAsync(mailbox.Host, mailbox.Port, mailbox.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.SslOnConnect);
            await client.AuthenticateAsync(mailbox.User.Length > 0 ? mailbox.User : mailbox.Address, mailbox.Password);
            return client;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or AuthenticationException or ImapProtocolException or ImapCommandException or SslHandshakeException)
        {
            client.Dispose();
            throw Check.Skip($"The preset's mailbox {mailbox.Address} cannot be read ({ex.Message}).");
        }
    }
}
