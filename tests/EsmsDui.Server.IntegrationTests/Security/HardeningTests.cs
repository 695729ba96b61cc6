using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>Security headers on every answer; per-client rate limits that answer 429 with Retry-After.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private readonly SqliteServerFixture _server = SqliteServerFixture.With(new Dictionary<string, string>
    {
        ["Server:RateLimitPerSecond"] = "1",
        ["Server:RateLimitBurst"] = "3",
        ["Server:TokenRequestsPerMinute"] = "2",
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Answers_and_errors_carry_the_security_headers_and_are_not_stored_by_caches()
    {
        using var ok = await _server.Client.GetAsync("metadata");
        using var error = await _server.Client.GetAsync("Patient/does-not-exist");

        foreach (var response in new[] { ok, error })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.NoStore);
        }
    }

    [Fact]
    public async Task A_client_beyond_its_rate_gets_429_with_Retry_After_and_an_OperationOutcome()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var response = await _server.Client.GetAsync("Patient?_count=1");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 3, string.Join(',', statuses));
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(refused)).Issue, i => i.Code == OperationOutcome.IssueType.Throttled);
        }
    }

    [Fact]
    public async Task Token_requests_from_one_address_are_limited_per_minute()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await Tokens.RequestAsync(_server, [new("grant_type", "client_credentials"), new("client_id", "nobody"), new("client_secret", "guess" + i)]);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(2));
    }
}
