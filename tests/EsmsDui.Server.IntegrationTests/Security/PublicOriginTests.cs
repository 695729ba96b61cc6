using System.Net;
using System.Text.Json;
using EsmsDui.Server.Hosting;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>Issue 14, finding 18: the Host header a caller sends never chooses the links or the token issuer.</summary>
public sealed class PublicOriginTests
{
    private const string PublicUrl = "https://dui.example.fr/esms/";

    [Fact]
    public async Task Links_Location_the_SMART_configuration_and_the_issuer_come_from_Server_PublicUrl_whatever_the_Host_header_on_SQLite()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string>(Secured.Settings.ToDictionary()) { ["Server:PublicUrl"] = PublicUrl });
        await LinksComeFromThePublicUrlAsync(server);
    }

    [Fact]
    public async Task Links_Location_the_SMART_configuration_and_the_issuer_come_from_Server_PublicUrl_whatever_the_Host_header_on_PostgreSQL()
    {
        var server = new PublicUrlPostgresServer();
        try
        {
            await LinksComeFromThePublicUrlAsync(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task LinksComeFromThePublicUrlAsync(ServerFixture server)
    {
        await server.InitializeAsync();
        await Tokens.RegisterAsync(server, "origin-client", "system/Patient.cruds");
        var token = await Tokens.GetAsync(server, "origin-client", "system/Patient.cruds");
        using var client = Tokens.Client(server, token);
        client.DefaultRequestHeaders.Host = "evil.example";

        using var created = await client.PostAsync("Patient", FhirHttp.Json("""{"resourceType":"Patient","gender":"female"}"""));
        using var search = await client.GetAsync("Patient?_count=1");
        using var configuration = await client.GetAsync(".well-known/smart-configuration");
        var smart = JsonDocument.Parse(await configuration.Content.ReadAsStringAsync()).RootElement;
        var self = JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement.GetProperty("link")[0].GetProperty("url").GetString();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith(PublicUrl + "fhir/Patient/", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith(PublicUrl + "fhir/Patient?", self, StringComparison.Ordinal);
        Assert.Equal(PublicUrl, new JsonWebTokenHandler().ReadJsonWebToken(token).Issuer);
        Assert.Equal(PublicUrl, smart.GetProperty("issuer").GetString());
        Assert.Equal(PublicUrl + "connect/token", smart.GetProperty("token_endpoint").GetString());
        Assert.DoesNotContain("evil.example", await configuration.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Host_header_outside_AllowedHosts_is_refused_with_400()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string> { ["AllowedHosts"] = "localhost;127.0.0.1" });
        await server.InitializeAsync();
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "Patient?_count=1");
        spoofed.Headers.Host = "evil.example";

        using var refused = await server.Client.SendAsync(spoofed);
        using var accepted = await server.Client.GetAsync("Patient?_count=1");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("--AllowedHosts=*", false)]
    [InlineData("--AllowedHosts=dui.example.fr", true)]
    [InlineData("--Server:PublicUrl=" + PublicUrl, true)]
    public async Task Listening_beyond_loopback_needs_a_public_URL_or_allowed_hosts(string? setting, bool starts)
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-origin-" + Guid.NewGuid().ToString("N"));
        string[] args = ["--urls", "http://0.0.0.0:0", "--Database:DataFolder", folder, "--Logging:LogLevel:Default", "Warning", .. ServerFixture.Unbounded];
        await using var app = EsmsDuiApp.Build(setting is null ? args : [.. args, setting]);
        try
        {
            if (starts)
            {
                await EsmsDuiApp.StartAsync(app, CancellationToken.None);
                await app.StopAsync();
            }
            else
            {
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EsmsDuiApp.StartAsync(app, CancellationToken.None));
                Assert.Contains("Server:PublicUrl", error.Message, StringComparison.Ordinal);
                Assert.False(File.Exists(Path.Combine(folder, "esmsdui.db")), "no database is made before the refusal");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

/// <summary>A secured PostgreSQL server with a public URL.</summary>
internal sealed class PublicUrlPostgresServer : PostgresServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [.. Secured.Settings, new("Server:PublicUrl", "https://dui.example.fr/esms/")];
}
