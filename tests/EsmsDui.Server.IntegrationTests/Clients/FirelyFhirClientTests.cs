using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace EsmsDui.Server.IntegrationTests.Clients;

/// <summary>The running server driven by the Firely SDK's own FhirClient, as a third-party application would.</summary>
public abstract class FirelyFhirClientTests(ServerFixture server)
{
    [Theory]
    [InlineData(ResourceFormat.Json)]
    [InlineData(ResourceFormat.Xml)]
    public async Task Create_read_update_delete_history_and_transaction_work_with_the_firely_client(ResourceFormat format)
    {
        using var client = new FhirClient(server.BaseUrl, new FhirClientSettings { PreferredFormat = format, VerifyFhirVersion = true });

        var created = await client.CreateAsync(FhirHttp.NewPatient("Client"));
        Assert.NotNull(created?.Id);
        var read = await client.ReadAsync<Patient>($"Patient/{created.Id}");
        Assert.Equal("Client", read!.Name[0].Family);

        read.BirthDate = "1939-12-31";
        var updated = await client.UpdateAsync(read, versionAware: true);
        Assert.Equal("2", updated!.Meta.VersionId);

        var history = await client.HistoryAsync($"Patient/{created.Id}");
        Assert.Equal(2, history!.Entry.Count);

        var transaction = new TransactionBuilder(client.Endpoint, Bundle.BundleType.Transaction)
            .Create(new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8302-2"), Subject = new ResourceReference($"Patient/{created.Id}") })
            .Delete("Patient", created.Id)
            .ToBundle();
        var response = await client.TransactionAsync(transaction);
        Assert.Equal(Bundle.BundleType.TransactionResponse, response!.Type);
        Assert.Equal(2, response.Entry.Count);

        var exception = await Assert.ThrowsAsync<FhirOperationException>(() => client.ReadAsync<Patient>($"Patient/{created.Id}"));
        Assert.Equal(System.Net.HttpStatusCode.Gone, exception.Status);
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteFirelyFhirClientTests(SqliteServerFixture server) : FirelyFhirClientTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresFirelyFhirClientTests(PostgresServerFixture server) : FirelyFhirClientTests(server);
