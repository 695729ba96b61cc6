using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.MsSante;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace EsmsDui.Server.IntegrationTests.MsSante;

/// <summary>
/// The connector's SMTP side against real Postfix and Dovecot on loopback: STARTTLS with TLS ≥ 1.2, SASL XOAUTH2 with
/// a token from the token endpoint (checked by Dovecot through introspection) or an organisation certificate, and
/// the mail as MSSanté wants it, read back over IMAP.
/// </summary>
public sealed class MsSanteTransportTests(MailServers mail) : IClassFixture<MailServers>
{
    private static readonly string Recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;

    [Fact]
    public async Task A_mail_sent_with_XOAUTH2_arrives_over_TLS_with_the_MSSante_headers_and_a_readable_XDM()
    {
        var recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
        var xdm = SampleDocuments.Medium();
        var message = Message(recipient, xdm, qualifiedIns: "279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH");

        await SendAsync(Options(), message);

        var received = Assert.Single(await ReadAsync(recipient));
        Assert.True(mail.Tokens.Issued > 0);
        Assert.Equal("XDM/1.0/DDM+Lettre de liaison DUPONT Hélène 05/03/1979", received.Subject);
        Assert.Equal(message.MessageId, received.MessageId);
        Assert.Equal("279035121518989^^^&1.2.250.1.213.1.4.8&ISO^NH", received.Headers["X-MSS-INS"]);
        Assert.Equal("11490-0", received.Headers["X-MSS-CODECDA"]);
        Assert.Equal("EsmsDui-test", received.Headers["X-MSS-NIL"]);
        Assert.Equal("FIN", received.Headers["X-MSS-MES"]);
        Assert.Contains("ehpad@" + MailServers.Domain, received.Headers[HeaderId.DispositionNotificationTo], StringComparison.Ordinal);
        var zip = received.Attachments.OfType<MimePart>().Single(a => a.FileName == XdmPackage.FileName);
        using var content = new MemoryStream();
        await zip.Content.DecodeToAsync(content);
        content.Position = 0;
        Assert.Single(XdmPackage.Read(content));
        Assert.Contains(received.Attachments.OfType<MimePart>(), a => a.ContentType.MimeType == "application/pdf");
        Assert.Contains("sasl_method=XOAUTH2", mail.PostfixLog(), StringComparison.Ordinal);
        Assert.Contains(received.Headers, h => h.Id == HeaderId.Received && (h.Value.Contains("using TLSv1.2", StringComparison.Ordinal) || h.Value.Contains("using TLSv1.3", StringComparison.Ordinal)));

        // Postfix reports the delivery to the sender (DSN asked): the receipt names the mail by its envelope id.
        var receipts = (await ReadAsync("ehpad@" + MailServers.Domain)).Select(MsSanteInbound.Read).Select(r => r.Receipt).OfType<MsSanteReceipt>();
        var delivered = Assert.Single(receipts, r => r.OriginalEnvelopeId == message.MessageId);
        // "relayed": Dovecot's LMTP does not speak DSN, so Postfix reports handing the mail over (RFC 3464).
        Assert.Equal((MsSanteReceiptKind.Delivery, "relayed"), (delivered.Kind, delivered.Outcome));
        Assert.Contains(recipient, delivered.Recipients.Keys);
    }

    [Fact]
    public async Task A_mail_for_an_unqualified_identity_or_without_a_CDA_carries_no_INS_nor_CDA_header()
    {
        var recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;

        await SendAsync(Options(), Message(recipient, xdm: null, qualifiedIns: null) with { NoReply = false });

        var received = Assert.Single(await ReadAsync(recipient));
        Assert.False(received.Headers.Contains("X-MSS-INS"));
        Assert.False(received.Headers.Contains("X-MSS-CODECDA"));
        Assert.False(received.Headers.Contains("X-MSS-MES"));
        Assert.True(received.Headers.Contains("X-MSS-NIL"));
    }

    [Fact]
    public async Task An_organisation_certificate_is_accepted_in_place_of_a_token()
    {
        var recipient = "chu-" + Guid.NewGuid().ToString("N")[..6] + "@" + MailServers.Domain;
        var options = Options();
        options.Authentication = MsSanteAuthentication.Certificate;
        options.ClientCertificatePath = mail.Certificates.ClientPath;
        options.ClientCertificatePassword = TestCertificates.ClientPassword;

        await SendAsync(options, Message(recipient, xdm: null, qualifiedIns: null));

        Assert.Single(await ReadAsync(recipient));
    }

    [Fact]
    public async Task Wrong_client_credentials_are_a_permanent_failure_and_nothing_is_sent()
    {
        var options = Options();
        options.ClientSecret = "wrong";

        var error = await Assert.ThrowsAsync<MsSanteException>(() => SendAsync(options, Message(Recipient, null, null)));

        Assert.True(error.Permanent);
        Assert.Contains(mail.Tokens.Problems, p => p.Contains(MailTokenService.ClientId, StringComparison.Ordinal));
        Assert.Empty(await ReadAsync(Recipient));
    }

    [Fact]
    public async Task An_operator_whose_certificate_is_not_from_the_configured_authority_is_refused()
    {
        using var other = new TestCertificates(mail.Folder);
        var options = Options();
        options.ServerCaCertificatePath = Path.Combine(mail.Folder, "other-ca.cer");
        File.WriteAllBytes(options.ServerCaCertificatePath, other.Authority.RawData);

        await Assert.ThrowsAsync<MsSanteException>(() => SendAsync(options, Message(Recipient, null, null)));
    }

    private MsSanteOptions Options() => new()
    {
        Mailbox = "ehpad@" + MailServers.Domain,
        SenderName = "EHPAD Les Tilleuls",
        SmtpHost = "127.0.0.1",
        SmtpPort = mail.SmtpPort,
        ImapHost = "127.0.0.1",
        ImapPort = mail.ImapPort,
        TokenEndpoint = mail.Tokens.TokenUrl,
        ClientId = MailTokenService.ClientId,
        ClientSecret = MailTokenService.ClientSecret,
        Scope = MailTokenService.Scope,
        ServerCaCertificatePath = Path.Combine(mail.Folder, "ca.pem"),
        SoftwareId = "EsmsDui-test",
    };

    private static async Task SendAsync(MsSanteOptions options, MsSanteMessage message)
    {
        using var tokens = new MsSanteTokenProvider(TimeProvider.System);
        await new MsSanteSmtpSender(tokens).SendAsync(message, options, CancellationToken.None);
    }

    private static MsSanteMessage Message(string to, byte[]? xdm, string? qualifiedIns) => new(
        Guid.NewGuid().ToString("N") + "@ehpad." + MailServers.Domain,
        [to],
        "Lettre de liaison",
        new MsSanteUsager("Dupont", "Hélène", new DateOnly(1979, 3, 5), qualifiedIns),
        "Veuillez trouver ci-joint la lettre de liaison.",
        xdm,
        xdm is null ? [] : ["11490-0"],
        SampleDocuments.Pdf,
        "20261203_LettreDeLiaison_DUPONT_Helene_U-42.pdf",
        NoReply: true);

    // The recipient's INBOX over IMAP (STARTTLS, the mailbox's password), waiting for Postfix to deliver.
    private async Task<IReadOnlyList<MimeMessage>> ReadAsync(string address)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var imap = new ImapClient { ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null };
            await imap.ConnectAsync("127.0.0.1", mail.ImapPort, SecureSocketOptions.StartTls);
            await imap.AuthenticateAsync(address, MailServers.Password);
            await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
            var messages = new List<MimeMessage>();
            for (var i = 0; i < imap.Inbox.Count; i++)
            {
                messages.Add(await imap.Inbox.GetMessageAsync(i));
            }

            await imap.DisconnectAsync(true);
            if (messages.Count > 0 || attempt == 20)
            {
                return messages;
            }

            await Task.Delay(250);
        }
    }
}
