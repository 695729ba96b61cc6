namespace EsmsDui.Connectors.Dmp;

/// <summary>How to reach the DMP and as whom (configuration section <c>Dmp</c>).</summary>
public sealed class DmpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dmp";

    /// <summary>The DMP's document repository endpoint (ITI-41, ITI-43), HTTPS; none: the DMP is not configured.</summary>
    public Uri? RepositoryEndpoint { get; set; }

    /// <summary>The DMP's registry endpoint (ITI-18 stored queries, ITI-57 updates), HTTPS; the repository's when not set.</summary>
    public Uri? RegistryEndpoint { get; set; }

    /// <summary>The structure's authentication certificate (IGC-Santé ORG AUTH_CLI, PKCS#12) for mutual TLS.</summary>
    public string? AuthenticationCertificatePath { get; set; }

    /// <summary>The password of <see cref="AuthenticationCertificatePath"/>.</summary>
    public string? AuthenticationCertificatePassword { get; set; }

    /// <summary>The structure's signing certificate (IGC-Santé ORG SIGN, PKCS#12) for the VIHF assertion and the submission set.</summary>
    public string? SigningCertificatePath { get; set; }

    /// <summary>The password of <see cref="SigningCertificatePath"/>.</summary>
    public string? SigningCertificatePassword { get; set; }

    /// <summary>A CA certificate (PEM or DER) the DMP's server certificate must chain to, instead of the machine's trust store.</summary>
    public string? ServerCaCertificatePath { get; set; }

    /// <summary>LPS_Nom of the VIHF.</summary>
    public string LpsName { get; set; } = "EsmsDui";

    /// <summary>LPS_Version of the VIHF.</summary>
    public string LpsVersion { get; set; } = "1.0";

    /// <summary>LPS_ID_HOMOLOGATION_DMP: the software's DMP homologation id.</summary>
    public string LpsHomologationId { get; set; } = string.Empty;

    /// <summary>
    /// The person responsible for the automated sends (VIHF Subject/NameID: an idNatPs, or the id the structure gives
    /// that person); the VIHF names him when the outbox sends.
    /// </summary>
    public string ResponsibleId { get; set; } = string.Empty;

    /// <summary>That person's name (VIHF subject-id).</summary>
    public string ResponsibleName { get; set; } = string.Empty;

    /// <summary>His role (VIHF subject:role, JDV_J65): a code of TRE_A00, TRE_R94 (social professions)… as <c>code^codeSystem^display</c>; AUTOMATE by default.</summary>
    public string ResponsibleRole { get; set; } = "AUTOMATE^1.2.250.1.213.1.1.4.6^Automate";

    /// <summary>The tenants whose feedings the outbox worker submits (the default tenant of <c>/fhir</c> by default).</summary>
    public string[] Tenants { get; set; } = [string.Empty];

    /// <summary>How many attempts before a feeding the DMP cannot be reached for is stopped.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay before the second attempt; it doubles at each attempt, up to an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox worker looks for work when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest document retrieved from the DMP (ITI-43); a larger one is not taken into the record.</summary>
    public int MaxDocumentBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How many new documents one <c>$dmp-fetch</c> takes into the record; it says how many are left for the next call.</summary>
    public int MaxDocumentsPerFetch { get; set; } = 20;

    /// <summary>How long to wait for the DMP.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
