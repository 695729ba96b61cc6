using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsmsDui.Conformance.Model;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Http;

/// <summary>
/// Gets a client's access tokens by the SMART Backend Services client credentials grant (secret or
/// <c>private_key_jwt</c>), or hands out the preset's fixed token; keeps each scope's token until shortly before
/// it expires. The token requests are proofs too.
/// </summary>
public sealed class TokenSource(ClientPreset client, ServerClient server, Redactor redactor)
{
    private readonly Dictionary<string, (string Token, DateTimeOffset Until)> _tokens = new(StringComparer.Ordinal);

    /// <summary>The client's default scopes.</summary>
    public string Scope => client.Scope;

    /// <summary>A token for <paramref name="scope"/> (the client's scopes when null).</summary>
    public async Task<string> GetAsync(string? scope = null)
    {
        if (client.BearerToken is { } fixedToken)
        {
            redactor.Add(fixedToken);
            return fixedToken;
        }

        scope ??= client.Scope;
        if (_tokens.TryGetValue(scope, out var kept) && kept.Until > DateTimeOffset.UtcNow)
        {
            return kept.Token;
        }

        var answer = await RequestAsync(scope);
        answer.Expect(200);
        var body = JsonNode.Parse(answer.Body) ?? throw Check.Fail("The token endpoint answered 200 without a JSON body.");
        var token = body["access_token"]?.GetValue<string>() ?? throw Check.Fail("The token endpoint's answer has no access_token.");
        redactor.Add(token);
        var lifetime = body["expires_in"]?.GetValue<int>() ?? 60;
        _tokens[scope] = (token, DateTimeOffset.UtcNow.AddSeconds(Math.Max(5, lifetime - 30)));
        return token;
    }

    /// <summary>Asks the token endpoint for <paramref name="scope"/> and returns its answer as it is (for tests of the endpoint itself).</summary>
    public async Task<Answer> RequestAsync(string scope)
    {
        var endpoint = client.TokenEndpoint ?? await server.TokenEndpointAsync() ?? throw Check.Fail("No token endpoint: the server's SMART configuration does not give one and the preset names none.");
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        if (client.PrivateKeyPath is { } keyPath)
        {
            var assertion = Assertion(keyPath, endpoint);
            redactor.Add(assertion);
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            form["client_assertion"] = assertion;
        }
        else
        {
            redactor.Add(client.ClientSecret);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(client.ClientId!) + ":" + Uri.EscapeDataString(client.ClientSecret ?? string.Empty)));
            redactor.Add(basic);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        request.Content = new FormUrlEncodedContent(form);
        return await server.SendRawAsync(request, await request.Content.ReadAsStringAsync());
    }

    private string Assertion(string keyPath, string audience)
    {
        var pem = File.ReadAllText(keyPath);
        var elliptic = client.Algorithm?.StartsWith("ES", StringComparison.Ordinal) ?? IsElliptic(pem);
        var algorithm = client.Algorithm ?? (elliptic ? "ES384" : "RS384");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT", ["kid"] = client.KeyId };
        var payload = new JsonObject { ["iss"] = client.ClientId, ["sub"] = client.ClientId, ["aud"] = audience, ["exp"] = now + 240, ["iat"] = now, ["jti"] = Guid.NewGuid().ToString("N") };
        var signingInput = Encoding.ASCII.GetBytes(Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload)));
        var hash = algorithm[2..] switch { "256" => HashAlgorithmName.SHA256, "512" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA384 };
        byte[] signature;
        if (elliptic)
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            signature = ec.SignData(signingInput, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        else
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            signature = rsa.SignData(signingInput, hash, RSASignaturePadding.Pkcs1);
        }

        return Encoding.ASCII.GetString(signingInput) + "." + Base64Url(signature);
    }

    // PKCS#8 PEM files say "PRIVATE KEY" for RSA and EC keys alike: the key itself tells.
    private static bool IsElliptic(string pem)
    {
        using var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
