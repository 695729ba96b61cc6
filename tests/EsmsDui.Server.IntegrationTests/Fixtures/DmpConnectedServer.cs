namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// An EsmsDui server whose DMP connector talks to a <see cref="LocalDmp"/> over mutual TLS, with its own test PKI:
/// the authority, the DMP's server certificate, the structure's authentication and signing certificates.
/// </summary>
public class DmpConnectedServer : IAsyncLifetime
{
    public const int MaxAttempts = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("esmsdui-dmp-").FullName;
    private TestCertificates? _certificates;

    public LocalDmp Dmp { get; private set; } = null!;

    public SqliteServerFixture Server { get; private set; } = null!;

    /// <summary>A client of the default tenant whose token reaches every establishment.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _certificates = new TestCertificates(_folder);
        var signing = _certificates.IssueStructureCertificate("EHPAD Les Tilleuls signature", signing: true, expired: SigningCertificateExpired).Path;
        Dmp = await LocalDmp.StartAsync(_certificates);
        Server = SqliteServerFixture.With(new Dictionary<string, string>
        {
            ["Security:Enabled"] = "true",
            ["Security:RequireHttps"] = "false",
            ["Audit:Enabled"] = "true",
            ["Tenancy:Tenants:0"] = Security.Secured.OtherTenant,
            ["Dmp:RepositoryEndpoint"] = Dmp.Endpoint.AbsoluteUri,
            ["Dmp:RegistryEndpoint"] = Dmp.RegistryEndpoint.AbsoluteUri,
            ["Dmp:AuthenticationCertificatePath"] = _certificates.ClientPath,
            ["Dmp:AuthenticationCertificatePassword"] = TestCertificates.ClientPassword,
            ["Dmp:SigningCertificatePath"] = signing,
            ["Dmp:SigningCertificatePassword"] = TestCertificates.ClientPassword,
            ["Dmp:ServerCaCertificatePath"] = _certificates.AuthorityPath,
            ["Dmp:LpsHomologationId"] = "EsmsDui-test-DMP",
            ["Dmp:ResponsibleId"] = "810001234567",
            ["Dmp:ResponsibleName"] = "MARTIN Claire",
            ["Dmp:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dmp:RetryDelay"] = "00:00:00.200",
            ["Dmp:PollInterval"] = "00:00:01",
            ["Dmp:Timeout"] = "00:00:10",
        });
        await Server.InitializeAsync();
        const string scopes = "system/*.cruds system/AuditEvent.rs";
        await Security.Tokens.RegisterAsync(Server, "dmp-staff", scopes);
        Client = Security.Tokens.Client(Server, await Security.Tokens.GetAsync(Server, "dmp-staff", scopes));
    }

    /// <summary>Whether the structure's signing certificate the server is given has expired.</summary>
    protected virtual bool SigningCertificateExpired => false;

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Server.DisposeAsync();
        await Dmp.DisposeAsync();
        _certificates?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The same, its structure's signing certificate expired an hour ago.</summary>
public sealed class DmpServerWithExpiredCertificate : DmpConnectedServer
{
    protected override bool SigningCertificateExpired => true;
}
