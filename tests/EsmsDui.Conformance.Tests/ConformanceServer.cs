using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsmsDui.Conformance.Runner;

namespace EsmsDui.Conformance.Tests;

/// <summary>
/// A fresh EsmsDui as an editor's CI would start it: its own process on SQLite, security on (plain HTTP on
/// loopback), audit on, the official packages loaded, MSSanté on a real mail service (Postfix and Dovecot on
/// loopback) with a test mailbox for the suite; two registered clients (one reaching every usager, one limited to
/// another establishment) and the two establishments; the preset that describes them.
/// </summary>
public sealed class ConformanceServer : IAsyncLifetime
{
    /// <summary>The establishment the suite's usagers belong to, and the other one.</summary>
    public const string Establishment = "conformance-esms-a", OtherEstablishment = "conformance-esms-b";

    private const string ClientSecret = "conformance-client-secret", OtherSecret = "conformance-other-secret";
    private readonly TemporaryFolder _folder = new("esmsdui-conformance-");
    private ServerProcess? _server;

    /// <summary>The mailbox the suite reads (group 7).</summary>
    public const string SuiteMailbox = "conformance@" + MailServers.Domain;

    /// <summary>The mail service.</summary>
    public MailServers Mail { get; } = new();

    /// <summary>The FHIR base.</summary>
    public Uri Base { get; private set; } = null!;

    /// <summary>The preset file.</summary>
    public string PresetPath => Path.Combine(_folder.Path, "preset.json");

    /// <summary>The official packages.</summary>
    public static string Packages => Path.Combine(RepositoryFolders.Shared, "fhir-packages");

    /// <summary>A folder for reports, new on each call.</summary>
    public string NewReportFolder() => Path.Combine(_folder.Path, "report-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The preset as the suite reads it.</summary>
    public Preset Preset => Preset.Load(PresetPath);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder.Path);
        await Mail.InitializeAsync();
        await RegisterAsync("conformance-client", "system/*.cruds system/AuditEvent.rs", ClientSecret);
        await RegisterAsync("conformance-other", "system/*.cruds", OtherSecret, "--esms", OtherEstablishment);
        await RegisterKeyClientAsync();
        _server = await ServerProcess.StartAsync(_folder.Path, new Dictionary<string, string>
        {
            ["Security:Enabled"] = "true",
            ["Security:RequireHttps"] = "false",
            ["Audit:Enabled"] = "true",
            ["Fhir:PackageFolders:0"] = Packages,
            ["MsSante:Mailbox"] = "esms@" + MailServers.Domain,
            ["MsSante:SenderName"] = "ESMS de conformité",
            ["MsSante:SmtpHost"] = "127.0.0.1",
            ["MsSante:SmtpPort"] = Mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["MsSante:ImapHost"] = "127.0.0.1",
            ["MsSante:ImapPort"] = Mail.ImapPort.ToString(CultureInfo.InvariantCulture),
            ["MsSante:TokenEndpoint"] = Mail.Tokens.TokenUrl,
            ["MsSante:ClientId"] = Mail.Tokens.Register("esms@" + MailServers.Domain),
            ["MsSante:ClientSecret"] = MailTokenService.ClientSecret,
            ["MsSante:Scope"] = MailTokenService.Scope,
            ["MsSante:ServerCaCertificatePath"] = Path.Combine(Mail.Folder, "ca.pem"),
            ["MsSante:SoftwareId"] = "EsmsDui-conformance",
            ["MsSante:AddressDomains:0"] = MailServers.Domain,
            ["MsSante:PatientDomain"] = MailServers.PatientDomain,
            ["MsSante:PollInterval"] = "00:00:02",
            ["MsSante:RetryDelay"] = "00:00:01",
        });
        Base = _server.Client.BaseAddress!;
        var token = await TokenAsync("conformance-client", ClientSecret, "system/*.cruds");
        foreach (var (id, finess) in new[] { (Establishment, "010000016"), (OtherEstablishment, "010000024") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"Organization/{id}")
            {
                Content = new StringContent($$"""{"resourceType":"Organization","id":"{{id}}","name":"ESMS {{id}}","identifier":[{"system":"https://finess.esante.gouv.fr","value":"{{finess}}"}]}""", Encoding.UTF8, "application/fhir+json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _server.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        await File.WriteAllTextAsync(PresetPath, new JsonObject
        {
            ["client"] = new JsonObject { ["clientId"] = "conformance-client", ["clientSecret"] = ClientSecret },
            ["otherClient"] = new JsonObject { ["clientId"] = "conformance-other", ["clientSecret"] = OtherSecret, ["scope"] = "system/*.cruds" },
            ["establishment"] = Establishment,
            ["mailbox"] = new JsonObject
            {
                ["address"] = SuiteMailbox,
                ["host"] = "127.0.0.1",
                ["port"] = Mail.ImapPort,
                ["password"] = MailServers.Password,
                ["caCertificatePath"] = Path.Combine(Mail.Folder, "ca.pem"),
            },
            ["finess"] = "010000016",
        }.ToJsonString());
    }

    /// <summary>A token of the main client (the fault doubles use it to leak what the other client must not see).</summary>
    public Task<string> MainTokenAsync() => TokenAsync("conformance-client", ClientSecret, "system/*.cruds system/AuditEvent.rs");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Mail.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>The preset of a client that authenticates with <c>private_key_jwt</c> (RS384, SMART Backend Services).</summary>
    public Preset KeyClientPreset()
    {
        var preset = Preset;
        preset.Client = new ClientPreset { ClientId = "conformance-key", PrivateKeyPath = Path.Combine(_folder.Path, "key.pem"), KeyId = "conformance-1", Scope = "system/*.cruds" };
        return preset;
    }

    private Task RegisterAsync(string id, string scope, string secret, params string[] more) =>
        RegisterAsync(["clients", "add", id, "--scope", scope, "--secret", secret, .. more]);

    private async Task RegisterAsync(string[] arguments)
    {
        var (exitCode, output) = await ServerProcess.RunVerbAsync(_folder.Path, arguments);
        Assert.True(exitCode == 0, output);
    }

    private async Task RegisterKeyClientAsync()
    {
        using var key = RSA.Create(2048);
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["kid"] = "conformance-1", ["use"] = "sig", ["alg"] = "RS384", ["n"] = Base64Url(parameters.Modulus!), ["e"] = Base64Url(parameters.Exponent!) }),
        };
        var path = Path.Combine(_folder.Path, "jwks.json");
        await File.WriteAllTextAsync(path, jwks.ToJsonString());
        await RegisterAsync(["clients", "add", "conformance-key", "--scope", "system/*.cruds", "--jwks", path]);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<string> TokenAsync(string id, string secret, string scope)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Base, "/connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));
        using var response = await _server!.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }
}

[CollectionDefinition(Name)]
public sealed class ServersUnderTest : ICollectionFixture<ConformanceServer>
{
    public const string Name = "A fresh EsmsDui under test";
}
