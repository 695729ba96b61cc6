using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using EsmsDui.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Search;

public abstract class ReindexTests(ServerFixture server)
{
    [Fact]
    public async Task Reindex_operation_rebuilds_missing_index_rows_and_reports_its_progress()
    {
        var family = "Reindex" + Guid.NewGuid().ToString("N")[..8];
        var patient = await FhirHttp.CreatePatientAsync(server.Client, family);
        Assert.Equal(1, await CountAsync(family));

        // As after an upgrade that adds parameters: the rows of this resource are not there.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();
            var version = await db.ResourceVersions.Where(v => v.ResourceType == "Patient" && v.LogicalId == patient.Id && v.IsCurrent).Select(v => v.Id).SingleAsync();
            await db.SearchStrings.Where(s => s.ResourceVersionId == version).ExecuteDeleteAsync();
        }

        Assert.Equal(0, await CountAsync(family));

        using var start = await server.Client.PostAsync("$reindex", null);
        Assert.True(start.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, start.StatusCode.ToString());
        var status = await WaitForEndAsync();
        Assert.Equal("finished", status.GetSingleValue<Code>("status")?.Value);
        Assert.Equal(status.GetSingleValue<Integer>("total")?.Value, status.GetSingleValue<Integer>("processed")?.Value);
        Assert.Equal(1, await CountAsync(family));
    }

    [Fact]
    public async Task Reindex_with_another_method_is_refused_with_an_outcome()
    {
        using var response = await server.Client.DeleteAsync("$reindex");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    private async Task<int?> CountAsync(string family) =>
        (await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?family={family}"))).Total;

    private async Task<Parameters> WaitForEndAsync()
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var status = await FhirHttp.ReadAsync<Parameters>(await server.Client.GetAsync("$reindex"));
            if (status.GetSingleValue<Code>("status")?.Value != "running")
            {
                return status;
            }

            await System.Threading.Tasks.Task.Delay(100);
        }

        throw new TimeoutException("The reindex job did not end within a minute.");
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteReindexTests(SqliteServerFixture server) : ReindexTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresReindexTests(PostgresServerFixture server) : ReindexTests(server);
