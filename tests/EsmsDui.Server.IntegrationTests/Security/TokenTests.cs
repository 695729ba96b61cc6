using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EsmsDui.Security;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Claim = System.Security.Claims.Claim;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>Tokens are real (issued by the running server); missing, forged, expired and other-tenant ones are refused.</summary>
public abstract class TokenTests(ServerFixture server)
{
    [Fact]
    public async Task Without_a_token_a_FHIR_interaction_gets_401_with_a_Bearer_challenge_but_metadata_and_the_SMART_configuration_are_open()
    {
        using var anonymous = Tokens.Client(server, token: null);

        using var response = await anonymous.GetAsync("Patient");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue, i => i.Code == OperationOutcome.IssueType.Login);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("metadata")).StatusCode);
        var configuration = JsonDocument.Parse(await anonymous.GetStringAsync(".well-known/smart-configuration")).RootElement;
        Assert.Equal(Tokens.Origin(server) + SecurityEndpoints.Token, configuration.GetProperty("token_endpoint").GetString());
        Assert.Contains("private_key_jwt", configuration.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Tokens.Origin(server) + SecurityEndpoints.Authorization, configuration.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(["S256"], configuration.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_token_response_names_the_scopes_granted_and_a_short_lifetime()
    {
        var clientId = NewClientId();
        await Tokens.RegisterAsync(server, clientId, "system/*.rs");

        using var response = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "s3cret"), new("scope", "system/Patient.rs system/Observation.r")]);

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("system/Patient.rs system/Observation.r", body.GetProperty("scope").GetString());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 1, 300);
    }

    [Theory]
    [InlineData("system/*.cruds", "invalid_scope")]
    [InlineData("user/Patient.rs", "invalid_scope")]
    [InlineData("system/Patient.rs?name=x", "invalid_scope")]
    [InlineData("", "invalid_scope")]
    public async Task A_scope_beyond_the_registration_or_not_for_a_backend_service_is_refused(string scope, string error)
    {
        var clientId = NewClientId();
        await Tokens.RegisterAsync(server, clientId, "system/*.rs");

        using var response = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "s3cret"), new("scope", scope)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_gets_no_token()
    {
        var clientId = NewClientId();
        await Tokens.RegisterAsync(server, clientId, "system/*.rs");

        using var response = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "wrong"), new("scope", "system/Patient.rs")]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    // SMART Backend Services (typ JWT, audience = token endpoint) and draft rfc7523bis (typ client-authentication+jwt, audience = issuer).
    [Theory]
    [InlineData("JWT", "/connect/token")]
    [InlineData("client-authentication+jwt", "/")]
    public async Task A_client_authenticates_with_a_private_key_jwt_and_another_key_is_refused(string type, string audience)
    {
        using var key = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        var clientId = NewClientId();
        await Tokens.RegisterAsync(server, clientId, "system/Patient.rs", jwks: Jwks(key));

        using var accepted = await Tokens.RequestAsync(server, AssertionForm(clientId, key, type, audience));
        using var refused = await Tokens.RequestAsync(server, AssertionForm(clientId, otherKey, type, audience));

        var answer = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.IsSuccessStatusCode, answer);
        var token = JsonDocument.Parse(answer).RootElement.GetProperty("access_token").GetString();
        using var client = Tokens.Client(server, token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("Patient?_count=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_whose_signature_is_forged_or_that_has_expired_is_refused()
    {
        var clientId = NewClientId();
        await Tokens.RegisterAsync(server, clientId, "system/*.rs");
        var token = await Tokens.GetAsync(server, clientId, "system/Patient.rs");
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { iss = Tokens.Origin(server) + "/", sub = clientId, scope = "system/*.cruds", exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }))}.{parts[2]}";
        using var signingCertificate = SigningCertificate();
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Tokens.Origin(server) + "/",
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("scope", "system/Patient.rs")]),
            IssuedAt = DateTime.UtcNow.AddHours(-2),
            NotBefore = DateTime.UtcNow.AddHours(-2),
            Expires = DateTime.UtcNow.AddHours(-1),
            TokenType = "at+jwt",
            SigningCredentials = new X509SigningCredentials(signingCertificate),
        });

        foreach (var refused in new[] { tampered, expired, token + "x" })
        {
            using var client = Tokens.Client(server, refused);
            using var response = await client.GetAsync("Patient?_count=1");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using var genuine = Tokens.Client(server, token);
        Assert.Equal(HttpStatusCode.OK, (await genuine.GetAsync("Patient?_count=1")).StatusCode);
    }

    [Fact]
    public async Task A_token_reaches_its_own_tenant_only()
    {
        var tenantClient = NewClientId();
        var defaultClient = NewClientId();
        await Tokens.RegisterAsync(server, tenantClient, "system/*.rs", tenant: Secured.OtherTenant);
        await Tokens.RegisterAsync(server, defaultClient, "system/*.rs");
        var tenantToken = await Tokens.GetAsync(server, tenantClient, "system/Patient.rs");
        var defaultToken = await Tokens.GetAsync(server, defaultClient, "system/Patient.rs");

        using var inTenant = Tokens.Client(server, tenantToken, Secured.OtherTenant);
        using var tenantOnDefault = Tokens.Client(server, tenantToken);
        using var defaultOnTenant = Tokens.Client(server, defaultToken, Secured.OtherTenant);

        Assert.Equal(HttpStatusCode.OK, (await inTenant.GetAsync("Patient?_count=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenantOnDefault.GetAsync("Patient?_count=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await defaultOnTenant.GetAsync("Patient?_count=1")).StatusCode);
    }

    [Fact]
    public async Task A_client_can_introspect_its_token()
    {
        var clientId = NewClientId();
        await Tokens.RegisterAsync(server, clientId, "system/*.rs");
        var token = await Tokens.GetAsync(server, clientId, "system/Patient.rs");

        using var http = new HttpClient();
        using var response = await http.PostAsync(Tokens.Origin(server) + SecurityEndpoints.Introspection, new FormUrlEncodedContent(
            [new("token", token), new("client_id", clientId), new("client_secret", "s3cret")]));

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        // Scopes and other claims are disclosed to the token's audiences only (OpenIddict); the caller learns it is valid and whose.
        Assert.True(body.GetProperty("active").GetBoolean(), body.ToString());
        Assert.Equal(clientId, body.GetProperty("client_id").GetString());
    }

    private static string NewClientId() => "client-" + Guid.NewGuid().ToString("N")[..10];

    private static string Jwks(RSA key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.ExportParameters(includePrivateParameters: false)));
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, n = jwk.N, e = jwk.E, use = "sig" } } });
    }

    private KeyValuePair<string, string>[] AssertionForm(string clientId, RSA key, string type, string audience)
    {
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = Tokens.Origin(server) + audience,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString())]),
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = type,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha384),
        });
        return
        [
            new("grant_type", "client_credentials"),
            new("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            new("client_assertion", assertion),
            new("scope", "system/Patient.rs"),
        ];
    }

    private X509Certificate2 SigningCertificate()
    {
        var folder = server.Services.GetRequiredService<TokenKeys>().Folder;
        return X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(folder, TokenKeys.SigningFile), password: null);
    }
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteTokenTests(SecuredSqliteServer server) : TokenTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresTokenTests(SecuredPostgresServer server) : TokenTests(server);
