using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Cli;

/// <summary>
/// The server as deployed (issue 15): published (<c>dotnet publish -c Release -o out</c>) and started from another
/// folder (systemd's <c>/</c>), it finds its <c>appsettings.json</c> and <c>profiles/</c>, loads the manifest's
/// packages from the folders it is given, and refuses to start when one of them is not there.
/// </summary>
public sealed class RunFromAnyFolderTests(PublishedServer published) : IClassFixture<PublishedServer>
{
    [Fact]
    public async Task Started_from_the_root_folder_it_reads_its_settings_and_loads_the_manifest_packages()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-root-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Information by default: appsettings.json is what keeps EF Core's SQL commands out of the log.
            await using (var server = await ServerProcess.StartAsync(folder, new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Fhir:PackageFolders:0"] = FrenchProfiles.PackageFolder,
            }, workingDirectory: "/", serverFolder: published.Folder))
            {
                var log = await LogLineAsync(Path.Combine(folder, "server.log"), "FHIR packages loaded");

                Assert.Contains("hl7.fhir.fr.core#", log, StringComparison.Ordinal);
                Assert.Contains("ans.fhir.fr.tddui#", log, StringComparison.Ordinal);
                Assert.DoesNotContain("Executed DbCommand", await File.ReadAllTextAsync(Path.Combine(folder, "server.log")), StringComparison.Ordinal);
            }

            Assert.False(Directory.Exists("/data"), "the default data folder is not made in the current folder");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_manifest_package_missing_from_the_given_folders_stops_serve_with_its_name()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-missing-" + Guid.NewGuid().ToString("N"));
        var packages = Path.Combine(folder, "packages");
        Directory.CreateDirectory(packages);
        try
        {
            // Every package but FR Core.
            foreach (var archive in Directory.GetFiles(FrenchProfiles.PackageFolder, "*.tgz").Where(f => !Path.GetFileName(f).StartsWith("hl7.fhir.fr.core-", StringComparison.Ordinal)))
            {
                File.CreateSymbolicLink(Path.Combine(packages, Path.GetFileName(archive)), archive);
            }

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(folder, new Dictionary<string, string> { ["Fhir:PackageFolders:0"] = packages }, workingDirectory: "/", serverFolder: published.Folder));

            Assert.Contains("The server stopped (1)", error.Message, StringComparison.Ordinal);
            Assert.Contains("hl7.fhir.fr.core", error.Message, StringComparison.Ordinal);
            Assert.Contains(packages, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_DMP_endpoint_without_the_structures_certificates_stops_serve_naming_what_is_missing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-dmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(folder, new Dictionary<string, string>
            {
                ["Dmp:RepositoryEndpoint"] = "https://127.0.0.1:9/repository",
                ["Dmp:SigningCertificatePath"] = "/nonexistent/sign.p12",
            }, workingDirectory: "/", serverFolder: published.Folder));

            Assert.Contains("The server stopped", error.Message, StringComparison.Ordinal);
            Assert.Contains("Dmp:AuthenticationCertificatePath is required", error.Message, StringComparison.Ordinal);
            Assert.Contains("no file /nonexistent/sign.p12", error.Message, StringComparison.Ordinal);
            Assert.Contains("Dmp:LpsHomologationId", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<string> LogLineAsync(string log, string text)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var line = (await File.ReadAllLinesAsync(log)).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await System.Threading.Tasks.Task.Delay(250);
        }

        throw new InvalidOperationException($"No '{text}' in the log within 60 s: {await File.ReadAllTextAsync(log)}");
    }
}
