using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using EsmsDui.Server.IntegrationTests.Fixtures;
using EsmsDui.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Storage;

/// <summary>
/// The portable EF write path (the one SQL Server uses; SQLite and PostgreSQL have faster writers of their
/// own) runs here on both databases, so that its concurrency rules and index rows are checked for real.
/// </summary>
public abstract class VersionWriterTests(ServerFixture server)
{
    [Fact]
    public async Task Portable_writer_stores_versions_with_index_rows_and_detects_lost_races()
    {
        var indexer = new SearchIndexer(new SearchParameterRegistry());
        var id = Guid.NewGuid().ToString("N");
        var patient = new Patient { Id = id, Name = [new HumanName { Family = "Portable" }] };
        ResourceWrite Version(int version) => new("Patient", id, version, DateTimeOffset.UtcNow, WriteMethod.Put, FhirHttp.Serializer.SerializeJson(patient), indexer.Extract(patient));

        await ApplyAsync([Version(1)]);
        await ApplyAsync([Version(2)]);
        await Assert.ThrowsAsync<VersionConflictException>(() => ApplyAsync([Version(2)]));
        await Assert.ThrowsAsync<VersionConflictException>(() => ApplyAsync([Version(1)]));

        var bundle = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?family=portable&_id={id}"));
        Assert.Equal(1, bundle.Total);
        using var read = await server.Client.GetAsync($"Patient/{id}");
        Assert.Equal("W/\"2\"", read.Headers.ETag?.ToString());
    }

    private async Task ApplyAsync(IReadOnlyList<ResourceWrite> writes)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await VersionWriter.ApplyAsync(db, scope.ServiceProvider.GetRequiredService<EsmsDui.Storage.Dialects.StorageDialect>(), writes, CancellationToken.None);
        await transaction.CommitAsync();
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteVersionWriterTests(SqliteServerFixture server) : VersionWriterTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresVersionWriterTests(PostgresServerFixture server) : VersionWriterTests(server);
