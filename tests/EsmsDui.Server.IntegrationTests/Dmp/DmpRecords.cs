using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>What the DMP tests do through the API.</summary>
internal static class DmpRecords
{
    /// <summary>Sends <c>DocumentReference/[document]</c> to the DMP ($dmp-send) and waits until the feeding is completed.</summary>
    public static async Task<Communication> FedAsync(HttpClient client, string document)
    {
        using var response = await client.PostAsync($"DocumentReference/{document}/$dmp-send", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var sending = await FhirHttp.ReadAsync<Communication>(response);
        return await EventuallyAsync(() => ReadAsync<Communication>(client, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Completed);
    }
}
