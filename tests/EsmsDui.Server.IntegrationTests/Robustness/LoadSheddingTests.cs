using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Robustness;

/// <summary>
/// Excess load is refused at no cost instead of growing the server (issue 14, finding 6): beyond the memory budget
/// every request but the capability statement gets 503, beyond the requests in progress the others wait then get
/// 503, beyond a client's share it gets 429; each refusal says when to come back.
/// </summary>
public sealed class LoadSheddingTests
{
    [Fact]
    public async Task Above_the_memory_budget_requests_get_503_with_Retry_After_and_metadata_is_still_answered()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string> { ["Server:MemoryBudgetBytes"] = "1000" });
        await server.InitializeAsync();

        using var refused = await server.Client.PostAsync("Patient", FhirHttp.Json(FhirHttp.NewPatient()));
        using var metadata = await server.Client.GetAsync("metadata");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(refused)).Issue, i => i.Code == OperationOutcome.IssueType.Transient);
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    [Fact]
    public async Task Requests_beyond_those_in_progress_wait_then_get_503_and_nothing_is_written_for_them()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string>
        {
            ["Server:MaxConcurrentRequests"] = "1",
            ["Server:QueueTimeout"] = "00:00:00",
            ["Server:MaxConcurrentRequestsPerClient"] = "0",
        });
        await server.InitializeAsync();
        var family = "Afflux" + Guid.NewGuid().ToString("N")[..6];

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => server.Client.PostAsync("Patient", FhirHttp.Json(FhirHttp.NewPatient(family)))));
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var stored = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Patient?family={family}&_summary=count"));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter is not null);
        Assert.Equal(created, stored.Total);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_client_beyond_its_share_of_requests_in_progress_gets_429()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string> { ["Server:MaxConcurrentRequestsPerClient"] = "1", ["Server:MaxConcurrentRequests"] = "0" });
        await server.InitializeAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => server.Client.PostAsync("Patient", FhirHttp.Json(FhirHttp.NewPatient("Partage")))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests && r.Headers.RetryAfter is not null);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
