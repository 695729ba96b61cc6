using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary>Duplicate detection on traits (<c>$duplicates</c>) and the merge of duplicates (<c>Patient/$merge</c>) keeping history.</summary>
public abstract class PatientMergeTests(ServerFixture server)
{
    private const string Nir = "urn:oid:1.2.250.1.213.1.4.8";
    private static long _serial = DateTime.UtcNow.Ticks % 1_000_000_000;

    [Fact]
    public async Task Duplicates_on_traits_are_found_then_merged_with_their_record_and_history_kept()
    {
        var birthDate = BirthDate();
        var kept = await CreateAsync(Usager("Dupont", "Hélène", birthDate));
        var duplicate = await CreateAsync(Usager("DUPONT", "Helene", birthDate));
        var cousin = await CreateAsync(Usager("Martin", "Hélène", birthDate));
        var observation = await CreateAsync(new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "29463-7"),
            Subject = new ResourceReference($"Patient/{duplicate}"),
        });

        var candidates = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient/{kept}/$duplicates"));
        Assert.Equal([(duplicate, 0.9m), (cousin, 0.7m)], candidates.Entry.Select(e => (e.Resource.Id, e.Search.Score!.Value)));

        var preview = await MergeAsync(duplicate, kept, preview: true);
        Assert.Contains("Would move 1", ((OperationOutcome)preview.Parameter.Single(p => p.Name == "outcome").Resource).Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Equal("1", (await ReadAsync<Observation>($"Observation/{observation}")).Meta.VersionId);

        var merged = await MergeAsync(duplicate, kept, preview: false);
        var result = (Patient)merged.Parameter.Single(p => p.Name == "result").Resource;
        Assert.Contains(result.Link, l => l.Type == Patient.LinkType.Replaces && l.Other.Reference == $"Patient/{duplicate}");

        var moved = await ReadAsync<Observation>($"Observation/{observation}");
        Assert.Equal($"Patient/{kept}", moved.Subject.Reference);
        Assert.Equal($"Patient/{duplicate}", (await ReadAsync<Observation>($"Observation/{observation}/_history/1")).Subject.Reference);
        var source = await ReadAsync<Patient>($"Patient/{duplicate}");
        Assert.False(source.Active);
        Assert.Contains(source.Link, l => l.Type == Patient.LinkType.ReplacedBy && l.Other.Reference == $"Patient/{kept}");
        Assert.Equal(1, (await ReadAsync<Bundle>($"Provenance?target=Patient/{duplicate}")).Total);
        Assert.Contains((await ReadAsync<Bundle>($"Patient/{kept}/$everything")).Entry, e => e.Resource.Id == observation);
        Assert.DoesNotContain((await ReadAsync<Bundle>($"Patient/{kept}/$duplicates")).Entry, e => e.Resource.Id == duplicate);

        using var again = await server.Client.PostAsync("Patient/$merge", FhirHttp.Json(Input(duplicate, kept, preview: false)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
    }

    [Fact]
    public async Task Two_usagers_with_different_INS_are_not_merged()
    {
        var birthDate = BirthDate();
        var first = Usager("Bernard", "Paul", birthDate);
        first.Identifier.Add(new Identifier(Nir, TestIns.Next()));
        var second = Usager("Bernard", "Paul", birthDate);
        second.Identifier.Add(new Identifier(Nir, TestIns.Next()));
        var a = await CreateAsync(first);
        var b = await CreateAsync(second);

        using var response = await server.Client.PostAsync("Patient/$merge", FhirHttp.Json(Input(a, b, preview: false)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue, i => i.Diagnostics.Contains("different INS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Parameters\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"source-patient\",\"valueReference\":{\"reference\":\"Patient/x\"}},{\"name\":\"target-patient\",\"valueReference\":{\"reference\":\"Patient/x\"}}]}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"source-patient\",\"valueReference\":{\"reference\":\"Patient/nobody\"}},{\"name\":\"target-patient\",\"valueReference\":{\"reference\":\"Patient/no-one\"}}]}", HttpStatusCode.NotFound)]
    public async Task Merge_called_wrongly_gets_an_outcome(string body, HttpStatusCode status)
    {
        using var response = await server.Client.PostAsync("Patient/$merge", FhirHttp.Json(body));
        Assert.Equal(status, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    private static Parameters Input(string source, string target, bool preview)
    {
        var input = new Parameters();
        input.Add("source-patient", new ResourceReference($"Patient/{source}"));
        input.Add("target-patient", new ResourceReference($"Patient/{target}"));
        input.Add("preview", new FhirBoolean(preview));
        return input;
    }

    private async Task<Parameters> MergeAsync(string source, string target, bool preview)
    {
        using var response = await server.Client.PostAsync("Patient/$merge", FhirHttp.Json(Input(source, target, preview)));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await FhirHttp.ReadAsync<Parameters>(response);
    }

    // A birth date of its own per test run, so that the shared database holds no other usager born that day.
    private static string BirthDate() => new DateTime(1800, 1, 1).AddDays(Interlocked.Increment(ref _serial) % 30_000).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static Patient Usager(string family, string given, string birthDate) => new()
    {
        Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = [given] }],
        Gender = AdministrativeGender.Female,
        BirthDate = birthDate,
    };

    private async Task<string> CreateAsync(Resource resource)
    {
        using var response = await server.Client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
    }

    private async Task<T> ReadAsync<T>(string url)
        where T : Resource => await FhirHttp.ReadAsync<T>(await server.Client.GetAsync(url));
}

[Collection(SqliteServers.Name)]
public sealed class SqlitePatientMergeTests(SqliteServerFixture server) : PatientMergeTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresPatientMergeTests(PostgresServerFixture server) : PatientMergeTests(server);
