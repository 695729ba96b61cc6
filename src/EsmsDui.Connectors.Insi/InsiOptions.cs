namespace EsmsDui.Connectors.Insi;

/// <summary>How to reach the INSi teleservice (configuration section <c>Insi</c>).</summary>
public sealed class InsiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Insi";

    /// <summary>The teleservice endpoint (HTTPS); none: INSi is not configured and its operations answer 503.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The structure's authentication certificate (PKCS#12, e.g. the INSi AUTO certificate) for mutual TLS.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The password of <see cref="ClientCertificatePath"/>.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// A CA certificate (PEM or DER) the server's certificate must chain to, instead of the machine's trust store
    /// (the IGC-Santé authorities, or a test authority).
    /// </summary>
    public string? ServerCaCertificatePath { get; set; }

    /// <summary>The software's CNDA authorisation number (IDAM), sent in ContexteLPS.</summary>
    public string Idam { get; set; } = string.Empty;

    /// <summary>The software name sent in ContexteLPS.</summary>
    public string SoftwareName { get; set; } = "EsmsDui";

    /// <summary>The software version sent in ContexteLPS.</summary>
    public string SoftwareVersion { get; set; } = "1.0";

    /// <summary>The installation's instance id sent in ContexteLPS.</summary>
    public Guid Instance { get; set; } = Guid.Empty;

    /// <summary>The sender (émetteur) of the BAM and LPS contexts: the structure or operator.</summary>
    public string Emitter { get; set; } = string.Empty;

    /// <summary>How long to wait for the teleservice.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
