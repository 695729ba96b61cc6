namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>An EsmsDui server whose INSi connector talks to a local <see cref="InsiTestServer"/> over mutual TLS.</summary>
public sealed class InsiConnectedServer : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("esmsdui-insi-").FullName;
    private TestCertificates? _certificates;

    public InsiTestServer Insi { get; private set; } = null!;

    public SqliteServerFixture Server { get; private set; } = null!;

    /// <summary>The client certificate file (for a server configured without it).</summary>
    public TestCertificates Certificates => _certificates!;

    public async Task InitializeAsync()
    {
        _certificates = new TestCertificates(_folder);
        Insi = await InsiTestServer.StartAsync(_certificates);
        Server = SqliteServerFixture.With(Settings(withClientCertificate: true));
        await Server.InitializeAsync();
    }

    /// <summary>The INSi settings of a server; without the client certificate the teleservice refuses the TLS handshake.</summary>
    public Dictionary<string, string> Settings(bool withClientCertificate)
    {
        var settings = new Dictionary<string, string>
        {
            ["Insi:Endpoint"] = Insi.Endpoint,
            ["Insi:ServerCaCertificatePath"] = _certificates!.AuthorityPath,
            ["Insi:Idam"] = InsiTestServer.Idam,
            ["Insi:Instance"] = "b3549edd-4ae9-472a-b26f-fd2fb4ef397f",
            ["Insi:Emitter"] = "ehpad-les-tilleuls@test",
        };
        if (withClientCertificate)
        {
            settings["Insi:ClientCertificatePath"] = _certificates.ClientPath;
            settings["Insi:ClientCertificatePassword"] = TestCertificates.ClientPassword;
        }

        return settings;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Insi.DisposeAsync();
        _certificates?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
