using System.Net;
using System.Text.Json;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>Several server nodes behind different host names: one issuer and shared keys make their tokens interchangeable.</summary>
public sealed class SeveralNodesTests
{
    private const string Issuer = "https://dui.example.fr/";

    [Fact]
    public async Task Nodes_sharing_the_keys_and_the_issuer_accept_each_others_tokens()
    {
        // Two nodes on one database (token entries are checked there), sharing the keys and the issuer.
        var keys = Path.Combine(Path.GetTempPath(), "esmsdui-keys-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(Path.GetTempPath(), "esmsdui-nodes-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>(Secured.Settings.ToDictionary()) { ["Security:KeysFolder"] = keys, ["Security:Issuer"] = Issuer };
        await using var first = SqliteServerFixture.OnFolder(data, settings);
        await using var second = SqliteServerFixture.OnFolder(data, settings);
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();
            await Tokens.RegisterAsync(first, "node-client", "system/Patient.rs");

            var token = await Tokens.GetAsync(first, "node-client", "system/Patient.rs");
            using var elsewhere = Tokens.Client(second, token);

            Assert.Equal(Issuer, new JsonWebTokenHandler().ReadJsonWebToken(token).Issuer);
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("Patient?_count=1")).StatusCode);
            using var configuration = await elsewhere.GetAsync(".well-known/smart-configuration");
            Assert.Equal(Issuer, JsonDocument.Parse(await configuration.Content.ReadAsStringAsync()).RootElement.GetProperty("issuer").GetString());
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(keys, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_node_with_other_keys_refuses_the_token()
    {
        await using var first = SqliteServerFixture.With(new Dictionary<string, string>(Secured.Settings.ToDictionary()) { ["Security:Issuer"] = Issuer });
        await using var second = SqliteServerFixture.With(new Dictionary<string, string>(Secured.Settings.ToDictionary()) { ["Security:Issuer"] = Issuer });
        await first.InitializeAsync();
        await second.InitializeAsync();
        await Tokens.RegisterAsync(first, "node-client", "system/Patient.rs");

        using var elsewhere = Tokens.Client(second, await Tokens.GetAsync(first, "node-client", "system/Patient.rs"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("Patient?_count=1")).StatusCode);
    }
}
