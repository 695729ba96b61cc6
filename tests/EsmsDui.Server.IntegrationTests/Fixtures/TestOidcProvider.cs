using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// A local OpenID Connect provider that speaks as Pro Santé Connect does (discovery, authorization code, token
/// endpoint with client secret, RS256 identity tokens carrying <c>acr</c> and <c>preferred_username</c> = idNatPs),
/// and checks what it receives: the registered client and redirect URI, <c>scope=openid scope_all</c>,
/// <c>acr_values=eidas1</c>, state, nonce, PKCE (S256) and the client secret.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "esmsdui-test";
    public const string ClientSecret = "psc-secret";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri)> _codes = new();
    private WebApplication? _app;

    /// <summary>The idNatPs of the professional the next sign-in authenticates.</summary>
    public string NextProfessional { get; set; } = "810000000001";

    /// <summary>The <c>acr</c> the identity tokens carry.</summary>
    public string Acr { get; set; } = "eidas1";

    /// <summary>What was wrong in the requests received (empty when all was as PSC expects).</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The issuer (http://127.0.0.1:port/).</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>Starts the provider; <paramref name="redirectUri"/> is the one registered redirect URI.</summary>
    public async Task StartAsync(Func<string> redirectUri)
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var kid = "test-psc";
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "auth",
            ["token_endpoint"] = Issuer + "token",
            ["jwks_uri"] = Issuer + "certs",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["grant_types_supported"] = new[] { "authorization_code" },
            ["scopes_supported"] = new[] { "openid", "scope_all" },
        }));
        _app.MapGet("/certs", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.ExportParameters(false)) { KeyId = kid });
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid, n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/auth", (HttpContext context) =>
        {
            var query = context.Request.Query;
            Expect(query["client_id"] == ClientId, $"client_id {query["client_id"]}");
            Expect(query["response_type"] == "code", $"response_type {query["response_type"]}");
            Expect(query["redirect_uri"] == redirectUri(), $"redirect_uri {query["redirect_uri"]}");
            Expect(query["scope"].ToString().Split(' ').Order().SequenceEqual(["openid", "scope_all"]), $"scope {query["scope"]}");
            Expect(query["acr_values"] == "eidas1", $"acr_values {query["acr_values"]}");
            Expect(query["code_challenge_method"] == "S256", "no PKCE S256");
            Expect(!string.IsNullOrEmpty(query["state"]) && !string.IsNullOrEmpty(query["nonce"]), "no state or nonce");
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (query["nonce"]!, query["code_challenge"]!, query["redirect_uri"]!);
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}");
        });
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var (clientId, secret) = Credentials(context, form);
            if (clientId != ClientId || secret != ClientSecret)
            {
                Problems.Enqueue("token request without the client's credentials");
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var issued))
            {
                Problems.Enqueue("unknown or reused code");
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            Expect(challenge == issued.Challenge, "the PKCE verifier does not match the challenge");
            Expect(form["redirect_uri"] == issued.RedirectUri, "redirect_uri differs from the authorization request's");
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(2),
                Subject = new ClaimsIdentity(
                [
                    new Claim("sub", "psc-" + NextProfessional), new Claim("nonce", issued.Nonce), new Claim("acr", Acr),
                    new Claim("preferred_username", NextProfessional), new Claim("given_name", "Claire"), new Claim("family_name", "Martin"),
                ]),
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 120, id_token = idToken });
        });
        await _app.StartAsync();
        Issuer = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _key.Dispose();
    }

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            Problems.Enqueue(problem);
        }
    }

    private static (string? ClientId, string? Secret) Credentials(HttpContext context, IFormCollection form)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }
}
