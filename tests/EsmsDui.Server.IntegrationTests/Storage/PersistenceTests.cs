using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Storage;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Data_survives_a_restart_of_the_server_on_the_same_sqlite_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            await using (var first = SqliteServerFixture.OnFolder(folder))
            {
                await first.InitializeAsync();
                id = (await FhirHttp.CreatePatientAsync(first.Client, "Persistant")).Id;
            }

            await using var second = SqliteServerFixture.OnFolder(folder);
            await second.InitializeAsync();
            using var response = await second.Client.GetAsync($"Patient/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
