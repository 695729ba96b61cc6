namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// Two EsmsDui servers with MSSanté mailboxes on the same real mail service (<see cref="MailServers"/>): the
/// establishment that sends (<see cref="Sender"/>, on SQLite, mailboxes <c>ehpad@</c> and, for one of its
/// establishments, <c>mas@</c>; audit trail on) and the one that receives (<see cref="Receiver"/>, on PostgreSQL,
/// mailbox <c>accueil@</c>), each with its outbox and IMAP workers running.
/// </summary>
public sealed class MsSanteConnectedServers : IAsyncLifetime
{
    public const string SenderMailbox = "ehpad@" + MailServers.Domain;

    public const string ReceiverMailbox = "accueil@" + MailServers.Domain;

    /// <summary>The sender's second mailbox: the one of its establishment with FINESS <see cref="SecondFiness"/>.</summary>
    public const string SecondMailbox = "mas@" + MailServers.Domain;

    public const string SecondFiness = "010000002";

    public MailServers Mail { get; } = new();

    public SqliteServerFixture Sender { get; private set; } = null!;

    /// <summary>The receiving server, on PostgreSQL (the sender is on SQLite: the connector is exercised on both).</summary>
    public ServerFixture Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Mail.InitializeAsync();
        Sender = SqliteServerFixture.With(Settings(SenderMailbox, MailTokenService.ClientId, Mail.SmtpPort, new()
        {
            ["Audit:Enabled"] = "true",
            ["MsSante:Mailboxes:0:Mailbox"] = SecondMailbox,
            ["MsSante:Mailboxes:0:SenderName"] = "MAS Les Lilas",
            ["MsSante:Mailboxes:0:ClientId"] = Mail.Tokens.Register(SecondMailbox),
            ["MsSante:Mailboxes:0:Finess"] = SecondFiness,
        }));
        Receiver = new PostgresNode("esmsdui_" + Guid.NewGuid().ToString("N")[..12], Settings(ReceiverMailbox, Mail.Tokens.Register(ReceiverMailbox), Mail.SmtpPort, []));
        await Task.WhenAll(Sender.InitializeAsync(), Receiver.InitializeAsync());
    }

    /// <summary>The MSSanté configuration of a server using <paramref name="mailbox"/> through <paramref name="smtpPort"/>.</summary>
    public Dictionary<string, string> Settings(string mailbox, string clientId, int smtpPort, Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["MsSante:Mailbox"] = mailbox,
            ["MsSante:SenderName"] = "EHPAD Les Tilleuls",
            ["MsSante:SmtpHost"] = "127.0.0.1",
            ["MsSante:SmtpPort"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MsSante:ImapHost"] = "127.0.0.1",
            ["MsSante:ImapPort"] = Mail.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MsSante:TokenEndpoint"] = Mail.Tokens.TokenUrl,
            ["MsSante:ClientId"] = clientId,
            ["MsSante:ClientSecret"] = MailTokenService.ClientSecret,
            ["MsSante:Scope"] = MailTokenService.Scope,
            ["MsSante:ServerCaCertificatePath"] = Path.Combine(Mail.Folder, "ca.pem"),
            ["MsSante:SoftwareId"] = "EsmsDui-test",
            ["MsSante:AddressDomains:0"] = MailServers.Domain,
            ["MsSante:PatientDomain"] = MailServers.PatientDomain,
            ["MsSante:SentFolder"] = "Sent",
            ["MsSante:PollInterval"] = "00:00:02",
            ["MsSante:RetryDelay"] = "00:00:01",
            ["MsSante:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A server on the PostgreSQL database <paramref name="database"/> (nodes sharing it share their data) with <paramref name="settings"/>.</summary>
    public sealed class PostgresNode(string database, IReadOnlyDictionary<string, string> settings) : PostgresServerFixture(database)
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => settings;
    }

    public async Task DisposeAsync()
    {
        await Sender.DisposeAsync();
        await Receiver.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
