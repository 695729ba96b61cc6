namespace EsmsDui.Security;

/// <summary>A client (an e-parcours platform, an editor's test client, a script) as it is registered.</summary>
/// <param name="ClientId">Its client_id.</param>
/// <param name="Scopes">The SMART scopes it may ask (e.g. <c>system/*.rs</c>).</param>
/// <param name="Secret">Its secret (client_secret_basic/post), or null.</param>
/// <param name="JsonWebKeySet">Its public keys as a JWKS (JSON), for <c>private_key_jwt</c>, or null.</param>
/// <param name="Tenant">The tenant its tokens are for (empty: the default one, <c>/fhir</c>).</param>
/// <param name="DisplayName">A name for people, or null.</param>
/// <param name="Establishments">The ESMS (Organization ids) whose usagers alone it reaches; null or empty: all the tenant's.</param>
/// <param name="RedirectUris">
/// For a staff application (authorization code + PKCE, refresh tokens): where the codes go. Without a secret or
/// keys it is a public client (a browser or mobile application).
/// </param>
/// <param name="BindToCertificate">True: its tokens are bound to the TLS client certificate it presents (RFC 8705).</param>
public sealed record ClientRegistration(
    string ClientId,
    IReadOnlyList<string> Scopes,
    string? Secret,
    string? JsonWebKeySet,
    string Tenant,
    string? DisplayName,
    IReadOnlyList<string>? Establishments = null,
    IReadOnlyList<string>? RedirectUris = null,
    bool BindToCertificate = false);
