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

    /// <summary>How long one SMTP or IMAP exchange may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>How the connector authenticates to the operator.</summary>
public enum MsSanteAuthentication
{
    /// <summary>SASL XOAUTH2 with a bearer token (SC.MSS/CONF.07).</summary>
    XOAuth2,

    /// <summary>A TLS client certificate (IGC-Santé organisation certificate).</summary>
    Certificate,
}
