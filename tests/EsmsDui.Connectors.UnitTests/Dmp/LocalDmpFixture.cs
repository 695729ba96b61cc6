namespace EsmsDui.Connectors.UnitTests.Dmp;

/// <summary>A test PKI (authority, DMP server certificate, the structure's authentication and signing certificates) and a local DMP.</summary>
public sealed class LocalDmpFixture : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new("esmsdui-dmp-");

    public TestCertificates Certificates { get; private set; } = null!;

    public LocalDmp Dmp { get; private set; } = null!;

    public string SigningPath { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder.Path);
        Certificates = new TestCertificates(_folder.Path);
        SigningPath = Certificates.IssueStructureCertificate("EHPAD Les Tilleuls signature", signing: true).Path;
        Dmp = await LocalDmp.StartAsync(Certificates);
        Dmp.Patients[SampleDocuments.Ins] = DmpState.Open;
    }

    public async Task DisposeAsync()
    {
        await Dmp.DisposeAsync();
        Certificates.Dispose();
        _folder.Dispose();
    }
}
