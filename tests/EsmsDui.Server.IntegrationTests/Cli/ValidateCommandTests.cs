using System.Text.Json.Nodes;
using EsmsDui.Server.Cli;
using EsmsDui.Server.Hosting;
using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Cli;

/// <summary>The <c>validate</c> verb: a report per file, offline (no database), a failing exit code on any error.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private static readonly string Examples = Path.Combine(FrenchProfiles.PackageFolder, "examples", "tddui-2.2.0");
    private readonly string _folder = Directory.CreateTempSubdirectory("esmsdui-validate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Validate_reports_each_file_and_exits_1_when_one_has_an_error()
    {
        var broken = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(Examples, "from-bundles", "Encounter-tddui-encounter-sejour-example.json")))!.AsObject();
        broken.Remove("serviceProvider");
        var brokenFile = Path.Combine(_folder, "sejour-sans-serviceProvider.json");
        await File.WriteAllTextAsync(brokenFile, broken.ToJsonString());
        var validFile = Path.Combine(Examples, "Patient-tddui-patient-example.json");

        var (exitCode, output) = await RunAsync([validFile, brokenFile]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"ok   {validFile}: 0 error(s)", output, StringComparison.Ordinal);
        Assert.Contains($"FAIL {brokenFile}: 1 error(s)", output, StringComparison.Ordinal);
        Assert.Contains("Missing required member: 'serviceProvider'", output, StringComparison.Ordinal);
        Assert.Contains("2 file(s), 1 with errors.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_of_a_folder_against_a_profile_given_on_the_command_line_exits_0_when_all_conform()
    {
        File.Copy(Path.Combine(Examples, "from-bundles", "Patient-tddui-patient-ins-example.json"), Path.Combine(_folder, "patient.json"));

        var (exitCode, output) = await RunAsync([_folder], "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins");

        Assert.Equal(0, exitCode);
        Assert.Contains("1 file(s), 0 with errors.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_FHIR_is_reported_as_an_error()
    {
        var file = Path.Combine(_folder, "garbage.json");
        await File.WriteAllTextAsync(file, """{"resourceType":"Patient","gender":42}""");

        var (exitCode, output) = await RunAsync([file]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"FAIL {file}", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] paths, string? profile = null)
    {
        await using var app = EsmsDuiApp.Build(["--Fhir:PackageFolders:0", FrenchProfiles.PackageFolder, "--Logging:LogLevel:Default", "Warning", .. ServerFixture.Unbounded]);
        var output = new StringWriter();
        var exitCode = await ValidateCommand.RunAsync(app.Services, paths, profile, output, CancellationToken.None);
        return (exitCode, output.ToString());
    }
}
