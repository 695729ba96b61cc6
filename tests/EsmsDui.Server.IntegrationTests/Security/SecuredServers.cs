using System.Net.Http.Headers;
using System.Text.Json;
using EsmsDui.Security;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>Security and the audit trail on (plain HTTP on loopback allowed), with a second tenant for the cross-tenant checks.</summary>
internal static class Secured
{
    public const string OtherTenant = "autre";

    public static readonly KeyValuePair<string, string>[] Settings =
    [
        new("Security:Enabled", "true"),
        new("Security:RequireHttps", "false"),
        new("Audit:Enabled", "true"),
        new("Tenancy:Tenants:0", OtherTenant),
    ];
}

/// <summary>A secured SQLite server.</summary>
public sealed class SecuredSqliteServer : SqliteServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => Secured.Settings;
}

/// <summary>A secured PostgreSQL server.</summary>
public sealed class SecuredPostgresServer : PostgresServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => Secured.Settings;
}

/// <summary>Registers clients on a running server and gets real tokens from its token endpoint.</summary>
public static class Tokens
{
    /// <summary>The origin of the server (the token endpoint's), from its FHIR base.</summary>
    public static string Origin(ServerFixture server) => server.BaseUrl[..server.BaseUrl.LastIndexOf("/fhir", StringComparison.Ordinal)];

    /// <summary>Registers a client with a secret allowed <paramref name="scopes"/>.</summary>
    public static async Task RegisterAsync(
        ServerFixture server, string clientId, string scopes, string secret = "s3cret", string tenant = "", string? jwks = null, IReadOnlyList<string>? establishments = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .RegisterAsync(new ClientRegistration(clientId, scopes.Split(' '), jwks is null ? secret : null, jwks, tenant, null, establishments), CancellationToken.None);
    }

    /// <summary>Posts a token request; the raw answer.</summary>
    public static async Task<HttpResponseMessage> RequestAsync(ServerFixture server, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var http = new HttpClient();
        return await http.PostAsync(Origin(server) + SecurityEndpoints.Token, new FormUrlEncodedContent(form));
    }

    /// <summary>A token for a registered client (secret in the form), asking <paramref name="scopes"/>.</summary>
    public static async Task<string> GetAsync(ServerFixture server, string clientId, string scopes, string secret = "s3cret")
    {
        using var response = await RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", secret), new("scope", scopes)]);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A client on the server's FHIR base (or a tenant's) sending <paramref name="token"/>.</summary>
    public static HttpClient Client(ServerFixture server, string? token, string? tenant = null)
    {
        var origin = Origin(server);
        var client = new HttpClient { BaseAddress = new Uri(tenant is null ? origin + "/fhir/" : $"{origin}/t/{tenant}/fhir/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}

/// <summary>One secured SQLite server shared by the security tests.</summary>
[CollectionDefinition(Name)]
public sealed class SecuredSqliteServers : ICollectionFixture<SecuredSqliteServer>
{
    public const string Name = "secured sqlite server";
}

/// <summary>One secured PostgreSQL server shared by the security tests.</summary>
[CollectionDefinition(Name)]
public sealed class SecuredPostgresServers : ICollectionFixture<SecuredPostgresServer>
{
    public const string Name = "secured postgresql server";
}
