namespace EsmsDui.Security;

/// <summary>
/// The external OpenID Connect provider staff sign in with (section <c>Security:ProSanteConnect</c>): Pro Santé
/// Connect in production, any OIDC provider in tests.
/// </summary>
public sealed class ProSanteConnectOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Security:ProSanteConnect";

    /// <summary>The provider's issuer (its discovery document is read from it); empty: staff sign-in is off.</summary>
    public string? Authority { get; set; }

    /// <summary>This server's client id at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>This server's client secret at the provider.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked (PSC: <c>openid scope_all</c>).</summary>
    public string Scopes { get; set; } = "openid scope_all";

    /// <summary>The authentication level asked and required in the identity token's <c>acr</c> (PSC: <c>eidas1</c>).</summary>
    public string AcrValues { get; set; } = "eidas1";

    /// <summary>The claim holding the professional's national identifier (PSC: <c>preferred_username</c>, the idNatPs).</summary>
    public string IdentifierClaim { get; set; } = "preferred_username";

    /// <summary>The identifier system of the Practitioner that claim names (idNatPs, FR Core).</summary>
    public string PractitionerIdentifierSystem { get; set; } = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>True when staff sign-in is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}
