namespace EsmsDui.Connectors.MsSante;

/// <summary>The establishment's MSSanté mailbox and how to reach its operator (section <c>MsSante</c>).</summary>
public sealed class MsSanteOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "MsSante";

    /// <summary>The establishment's organisation mailbox (the sender), e.g. <c>secretariat@ehpad.mssante.fr</c>.</summary>
    public string Mailbox { get; set; } = string.Empty;

    /// <summary>The sender's label shown to recipients (va1.16), e.g. the establishment's name.</summary>
    public string SenderName { get; set; } = string.Empty;

    /// <summary>The operator's SMTP host; STARTTLS is required.</summary>
    public string SmtpHost { get; set; } = string.Empty;

    /// <summary>The operator's SMTP port (submission).</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>The operator's IMAP host; STARTTLS is required.</summary>
    public string ImapHost { get; set; } = string.Empty;

    /// <summary>The operator's IMAP port.</summary>
    public int ImapPort { get; set; } = 143;

    /// <summary><c>XOAuth2</c> (a bearer token from <see cref="TokenEndpoint"/>) or <c>Certificate</c> (TLS client certificate).</summary>
    public MsSanteAuthentication Authentication { get; set; } = MsSanteAuthentication.XOAuth2;

    /// <summary>The OAuth 2.0 token endpoint giving the mailbox's access tokens (client credentials).</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The client id at <see cref="TokenEndpoint"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret at <see cref="TokenEndpoint"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scope asked at <see cref="TokenEndpoint"/>.</summary>
    public string? Scope { get; set; }

    /// <summary>The organisation certificate (PKCS#12) for <c>Certificate</c> authentication.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The password of <see cref="ClientCertificatePath"/>.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// A CA certificate (PEM or DER) the operator's certificate must chain to instead of the machine's trust store (the
    /// IGC-Santé authorities, or a test authority).
    /// </summary>
    public string? ServerCaCertificatePath { get; set; }

    /// <summary>The software's identification sent in <c>X-MSS-NIL</c> on every mail.</summary>
    public string SoftwareId { get; set; } = "EsmsDui";

    /// <summary>
    /// The domains of MSSanté addresses (an address's domain is one of them or under one): what a recipient's telecom
    /// must be to be sent to.
    /// </summary>
    public IList<string> AddressDomains { get; } = [];

    /// <summary>The domain of usagers' Mon espace santé addresses (<c>[INS]@patient.mssante.fr</c>), for a qualified identity.</summary>
    public string PatientDomain { get; set; } = "patient.mssante.fr";

    /// <summary>The tenant whose records the mailbox sends and receives for (the default tenant when empty).</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>True (the default when <see cref="ImapHost"/> is set): the IMAP worker reads the mailbox's INBOX.</summary>
    public bool Receive { get; set; } = true;

    /// <summary>The IMAP folder a malformed mail is moved to, with the reason.</summary>
    public string QuarantineFolder { get; set; } = "Quarantaine";

    /// <summary>The IMAP folder holding the operator's copy of sent mails (checked before a retry; the special-use \Sent folder when empty).</summary>
    public string SentFolder { get; set; } = string.Empty;

    /// <summary>How often the workers look for work when nothing wakes them (and how often IMAP is polled without IDLE).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many attempts a sending gets before it is stopped.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after a first failed attempt; doubled at each attempt, at most an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The establishment (FINESS, or idNatStruct) whose documents this mailbox sends; empty: any establishment of
    /// its tenant that has no mailbox of its own.
    /// </summary>
    public string Finess { get; set; } = string.Empty;

    /// <summary>
    /// More organisation mailboxes on the same operator — one per establishment or per tenant — each with its own
    /// address, sender name, credentials, tenant and FINESS; the other settings are the section's.
    /// </summary>
    public IList<MsSanteMailboxOptions> Mailboxes { get; } = [];

    /// <summary>True when a mailbox and its SMTP server are configured: sendings are accepted and delivered.</summary>
    public bool Configured => Mailbox.Length > 0 && SmtpHost.Length > 0;

    /// <summary>Every configured mailbox with its complete settings: the section's own <see cref="Mailbox"/>, then <see cref="Mailboxes"/>.</summary>
    public IReadOnlyList<MsSanteOptions> ConfiguredMailboxes() =>
        [.. new[] { this }.Concat(Mailboxes.Select(For)).Where(m => m.Configured)];

    private MsSanteOptions For(MsSanteMailboxOptions mailbox)
    {
        var settings = (MsSanteOptions)MemberwiseClone();
        settings.Mailbox = mailbox.Mailbox;
        settings.SenderName = mailbox.SenderName ?? SenderName;
        settings.ClientId = mailbox.ClientId ?? ClientId;
        settings.ClientSecret = mailbox.ClientSecret ?? ClientSecret;
        settings.ClientCertificatePath = mailbox.ClientCertificatePath ?? ClientCertificatePath;
        settings.ClientCertificatePassword = mailbox.ClientCertificatePassword ?? ClientCertificatePassword;
        settings.Tenant = mailbox.Tenant ?? Tenant;
        settings.Finess = mailbox.Finess ?? string.Empty;
        return settings;
    }

    /// <summary>True when the mailbox is an MSSanté address (see <see cref="AddressDomains"/>; <c>mssante.fr</c> when none is configured).</summary>
    public bool IsMsSanteAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.Count(c => c == '@') != 1 || address.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var domain = address[(at + 1)..];
        var domains = AddressDomains.Count == 0 ? ["mssante.fr"] : AddressDomains;
        return domains.Any(d => string.Equals(domain, d, StringComparison.OrdinalIgnoreCase) || domain.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>How long one SMTP or IMAP exchange may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>One more organisation mailbox (section <c>MsSante:Mailboxes:N</c>); what is not given is the section's.</summary>
public sealed class MsSanteMailboxOptions
{
    /// <summary>The mailbox's address.</summary>
    public string Mailbox { get; set; } = string.Empty;

    /// <summary>The sender's label shown to recipients.</summary>
    public string? SenderName { get; set; }

    /// <summary>Its client id at the token endpoint.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Its organisation certificate (PKCS#12).</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The certificate's password.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>The tenant it sends and receives for.</summary>
    public string? Tenant { get; set; }

    /// <summary>The establishment (FINESS or idNatStruct) whose documents it sends.</summary>
    public string? Finess { get; set; }
}

/// <summary>How the connector authenticates to the operator.</summary>
public enum MsSanteAuthentication
{
    /// <summary>SASL XOAUTH2 with a bearer token (SC.MSS/CONF.07).</summary>
    XOAuth2,

    /// <summary>A TLS client certificate (IGC-Santé organisation certificate).</summary>
    Certificate,
}
