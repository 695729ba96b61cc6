namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// An EsmsDui server whose DMP connector talks to a <see cref="LocalDmp"/> over mutual TLS, with its own test PKI:
/// the authority, the DMP's server certificate, the structure's authentication and signing certificates.
/// </summary>
public sealed class DmpConnectedServer : IAsyncLifetime
{
    public const int MaxAttempts = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("esmsdui-dmp-").FullName;
    private TestCertificates? _certificates;

    public LocalDmp Dmp { get; private set; } = null!;

    public SqliteServerFixture Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _certificates = new TestCertificates(_folder);
        var signing = _certificates.IssueStructureCertificate("EHPAD Les Tilleuls signature", signing: true).Path;
        Dmp = await LocalDmp.StartAsync(_certificates);
        Server = SqliteServerFixture.With(new Dictionary<string, string>
        {
            ["Audit:Enabled"] = "true",
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
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Dmp.DisposeAsync();
        _certificates?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
