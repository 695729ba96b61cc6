using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Robustness;

/// <summary>
/// 10,000 mutated requests: never a 5xx, the server keeps answering, memory stays bounded, and the number
/// of stored versions is exactly what the accepted writes account for (a rejected request stores nothing).
/// </summary>
[Collection(Name)]
public sealed class FuzzTests : IAsyncLifetime
{
    /// <summary>Runs alone, so that the memory it measures is the server's.</summary>
    public const string Name = "fuzz";

    private const int Requests = 10_000;
    private readonly SqliteServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_mutated_requests_get_no_5xx_and_rejected_ones_store_nothing()
    {
        // Each request comes from its own seed: generated when sent (not all held at once) and replayable.
        var requests = Enumerable.Range(0, Requests).Select(i => new FuzzRequests(seed: 20261125 + i).Next());
        var serverErrors = new ConcurrentBag<string>();
        await _server.WaitForPackagesAsync();
        long versionsWritten = (long)(await FhirHttp.ReadAsync<Bundle>(await _server.Client.GetAsync("_history?_count=0"))).Total!;
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (fuzz, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
            if (fuzz.Body is not null)
            {
                request.Content = new ByteArrayContent(fuzz.Body);
                if (!string.IsNullOrEmpty(fuzz.ContentType) && MediaTypeHeaderValue.TryParse(fuzz.ContentType, out var type))
                {
                    request.Content.Headers.ContentType = type;
                }
                else if (!string.IsNullOrEmpty(fuzz.ContentType))
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
                }
            }

            foreach (var (name, value) in fuzz.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _server.Client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                var sent = fuzz.Body is null ? string.Empty : System.Text.Encoding.UTF8.GetString(fuzz.Body[..Math.Min(fuzz.Body.Length, 300)]);
                serverErrors.Add($"{fuzz.Method} {fuzz.Path} ({fuzz.ContentType}) {string.Join(' ', fuzz.Headers)} [{sent}] -> {(int)response.StatusCode}");
                return;
            }

            Interlocked.Add(ref versionsWritten, VersionsWritten(fuzz, response, body));
        });

        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} server errors, e.g.:\n" + string.Join('\n', serverErrors.Take(10)));
        using var metadata = await _server.Client.GetAsync("metadata");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);

        var history = await FhirHttp.ReadAsync<Bundle>(await _server.Client.GetAsync("_history?_count=0"));
        Assert.Equal(versionsWritten, (long)history.Total!);

        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(memoryAfter - memoryBefore < 200L * 1024 * 1024, $"managed memory grew by {(memoryAfter - memoryBefore) / (1024 * 1024)} MiB");
    }

    // A write that succeeded created one version; a DELETE only when it answered with an ETag (something existed).
    private static long VersionsWritten(FuzzRequest fuzz, HttpResponseMessage response, byte[] body)
    {
        // Operations ($validate, $expand…) write nothing.
        if (!response.IsSuccessStatusCode || fuzz.Method is "GET" or "HEAD" or "OPTIONS" || fuzz.Path.Split('?')[0].Contains('$', StringComparison.Ordinal))
        {
            return 0;
        }

        if (fuzz.Method == "DELETE")
        {
            return response.Headers.ETag is null ? 0 : 1;
        }

        if (fuzz.Path.Length == 0 || fuzz.Path.StartsWith('?'))
        {
            var bundle = (Bundle)FhirHttp.Serializer.ParseJson(body);
            return bundle.Entry.Count(e => e.Response.Status[0] == '2' && e.Response.Etag is not null && !(e.Response.Status.StartsWith("200", StringComparison.Ordinal) && e.Resource is not null && e.Response.Location is null));
        }

        return 1;
    }
}
