namespace EsmsDui.Security;

/// <summary>The paths of the authorization server.</summary>
public static class SecurityEndpoints
{
    /// <summary>The authorization endpoint (staff applications: authorization code + PKCE).</summary>
    public const string Authorization = "/connect/authorize";

    /// <summary>The token endpoint.</summary>
    public const string Token = "/connect/token";

    /// <summary>The introspection endpoint (RFC 7662).</summary>
    public const string Introspection = "/connect/introspect";
}
