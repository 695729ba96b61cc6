using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Rest;

public sealed class CorsTests
{
    [Fact]
    public async Task Configured_origins_get_cors_headers_and_preflights_succeed()
    {
        await using var server = SqliteServerFixture.With(new Dictionary<string, string> { ["Server:CorsOrigins:0"] = "https://dui.example" });
        await server.InitializeAsync();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "Patient");
        preflight.Headers.Add("Origin", "https://dui.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightResponse = await server.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal("https://dui.example", preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var other = new HttpRequestMessage(HttpMethod.Get, "metadata");
        other.Headers.Add("Origin", "https://elsewhere.example");
        using var otherResponse = await server.Client.SendAsync(other);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
