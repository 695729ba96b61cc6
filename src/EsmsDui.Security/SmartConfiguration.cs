using Microsoft.AspNetCore.Http;

namespace EsmsDui.Security;

/// <summary><c>[base]/.well-known/smart-configuration</c>: how a SMART client gets a token from this server.</summary>
internal static class SmartConfiguration
{
    /// <summary>Its path under a FHIR base.</summary>
    public const string Path = "/.well-known/smart-configuration";

    private static readonly string[] GrantTypes = ["client_credentials", "authorization_code", "refresh_token"];
    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] ChallengeMethods = ["S256"];
    private static readonly string[] AuthenticationMethods = ["private_key_jwt", "client_secret_basic", "client_secret_post", "none"];
    private static readonly string[] SigningAlgorithms = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
    private static readonly string[] Scopes = ["system/*.cruds", "system/*.rs", "system/*.read", "system/*.write", "user/*.cruds", "user/*.rs", "launch/patient", "patient/*.cruds", "patient/*.rs", "openid", "fhirUser", "offline_access"];
    private static readonly string[] Capabilities =
    [
        "client-confidential-asymmetric", "client-confidential-symmetric", "client-public", "launch-standalone", "context-standalone-patient", "sso-openid-connect",
        "permission-patient", "permission-user", "permission-offline", "permission-v1", "permission-v2",
    ];

    public static IResult Get(HttpContext context, Microsoft.Extensions.Options.IOptions<SecurityOptions> options)
    {
        var origin = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = options.Value.Issuer?.AbsoluteUri ?? origin + "/",
            ["jwks_uri"] = origin + "/.well-known/jwks",
            ["authorization_endpoint"] = origin + SecurityEndpoints.Authorization,
            ["token_endpoint"] = origin + SecurityEndpoints.Token,
            ["introspection_endpoint"] = origin + SecurityEndpoints.Introspection,
            ["grant_types_supported"] = GrantTypes,
            ["response_types_supported"] = ResponseTypes,
            ["code_challenge_methods_supported"] = ChallengeMethods,
            ["token_endpoint_auth_methods_supported"] = AuthenticationMethods,
            ["token_endpoint_auth_signing_alg_values_supported"] = SigningAlgorithms,
            ["scopes_supported"] = Scopes,
            ["capabilities"] = Capabilities,
        }, contentType: "application/json");
    }
}
