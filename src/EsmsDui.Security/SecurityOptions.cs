namespace EsmsDui.Security;

/// <summary>Security of the API (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Security";

    /// <summary>
    /// True (the default): every FHIR interaction but <c>metadata</c> needs a bearer token. False serves anonymous
    /// callers with every right, and is accepted only when the server listens on loopback addresses alone.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// True: the token endpoints refuse plain HTTP. Null (the default) means true except in the Development
    /// environment; behind a TLS-terminating proxy, set it to false.
    /// </summary>
    public bool? RequireHttps { get; set; }

    /// <summary>How long an access token lives (SMART backend services recommend at most 5 minutes).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Where the token signing and encryption certificates (PKCS#12) are kept; empty: <c>keys/</c> in the data
    /// folder, created on first start. Several server nodes must share them.
    /// </summary>
    public string? KeysFolder { get; set; }

    /// <summary>
    /// The issuer of tokens (an absolute URL, e.g. <c>https://dui.example.fr/</c>); empty: the origin each request
    /// came to. Several nodes behind different host names set the same one (and share <see cref="KeysFolder"/>).
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>The password of the certificates in <see cref="KeysFolder"/>, when they have one.</summary>
    public string? KeysPassword { get; set; }

    /// <summary>
    /// True: HTTPS connections may present a client certificate (mutual TLS), to which the tokens of clients registered
    /// with certificate binding are bound (RFC 8705). The certificate is not checked against a CA: what counts is that
    /// the token's holder presents the same one.
    /// </summary>
    public bool AcceptClientCertificates { get; set; }

    /// <summary>Failed client authentications per minute one client id may have from one address before it waits; 0 turns it off.</summary>
    public int FailedTokenRequestsPerMinute { get; set; } = 10;

    /// <summary>In the Development environment, a client <c>demo</c> / <c>demo-secret</c> with <c>system/*.cruds</c> is registered.</summary>
    public bool SeedDemoClient { get; set; } = true;
}
