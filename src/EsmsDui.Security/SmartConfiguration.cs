using Microsoft.AspNetCore.Http;

namespace EsmsDui.Security;

/// <summary><c>[base]/.well-known/smart-configuration</c>: how a SMART client gets a token from this server.</summary>
internal static class SmartConfiguration
{
    private static readonly string[] GrantTypes = ["client_credentials"];
    private static readonly string[] AuthenticationMethods = ["private_key_jwt", "client_secret_basic", "client_secret_post"];
    private static readonly string[] SigningAlgorithms = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
    private static readonly string[] Scopes = ["system/*.cruds", "system/*.rs", "system/*.read", "system/*.write"];
    private static readonly string[] Capabilities = ["client-confidential-asymmetric", "client-confidential-symmetric", "permission-v1", "permission-v2"];

    public static IResult Get(HttpContext context)
    {
        var origin = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = origin + "/",
            ["jwks_uri"] = origin + "/.well-known/jwks",
            ["token_endpoint"] = origin + SecurityEndpoints.Token,
            ["introspection_endpoint"] = origin + SecurityEndpoints.Introspection,
            ["grant_types_supported"] = GrantTypes,
            ["token_endpoint_auth_methods_supported"] = AuthenticationMethods,
            ["token_endpoint_auth_signing_alg_values_supported"] = SigningAlgorithms,
            ["scopes_supported"] = Scopes,
            ["capabilities"] = Capabilities,
        }, contentType: "application/json");
    }
}
