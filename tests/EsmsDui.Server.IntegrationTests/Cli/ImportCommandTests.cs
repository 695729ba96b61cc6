using System.Net;
using EsmsDui.Server.Cli;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Cli;

public sealed class ImportCommandTests : IAsyncLifetime
{
    private readonly SqliteServerFixture _server = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "esmsdui-import-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Import_loads_ndjson_and_bundles_keeps_ids_and_reports_bad_lines_with_a_failing_exit_code()
    {
        var ndjson = string.Join('\n',
            """{"resourceType":"Patient","id":"imp-1","gender":"female"}""",
            """{"resourceType":"Patient","id":"imp-2","gender":"male"}""",
            """{"resourceType":"Patient","id":"imp-3","gender":42}""");
        await File.WriteAllTextAsync(Path.Combine(_folder, "patients.ndjson"), ndjson);
        var collection = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new() { Resource = new Basic { Id = "imp-basic", Code = new CodeableConcept("urn:test", "x") } }] };
        await File.WriteAllBytesAsync(Path.Combine(_folder, "collection.json"), FhirHttp.Serializer.SerializeJson(collection));

        var output = new StringWriter();
        var exitCode = await new ImportCommand(_server.Services, output).RunAsync([_folder], CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("Imported 3 resources", output.ToString());
        Assert.Contains("patients.ndjson:3", output.ToString());
        foreach (var path in new[] { "Patient/imp-1", "Patient/imp-2", "Basic/imp-basic" })
        {
            using var response = await _server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
