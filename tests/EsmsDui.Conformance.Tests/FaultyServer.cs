using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace EsmsDui.Conformance.Tests;

/// <summary>
/// A deliberately broken server: EsmsDui behind a handler that breaks one rule (a <see cref="Fault"/>) in what it
/// receives or answers. The suite talks to it as to any server.
/// </summary>
public sealed class FaultyServer(Fault fault, ConformanceServer server) : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>The real server.</summary>
    public ConformanceServer Server => server;

    /// <summary>Sends <paramref name="request"/> to EsmsDui as it is.</summary>
    public Task<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        fault.Apply(this, request, cancellationToken);

    /// <summary>An answer made up by the double.</summary>
    public static HttpResponseMessage Answer(HttpStatusCode status, string body = "", string contentType = "application/fhir+json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    /// <summary>The forwarded answer with its body rewritten (headers kept).</summary>
    public async Task<HttpResponseMessage> RewriteAsync(HttpRequestMessage request, Func<string, string> rewrite, CancellationToken cancellationToken)
    {
        var response = await ForwardAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var contentType = response.Content.Headers.ContentType;
        response.Content = new StringContent(rewrite(body), Encoding.UTF8);
        response.Content.Headers.ContentType = contentType ?? new MediaTypeHeaderValue("application/fhir+json");
        return response;
    }

    /// <summary>The request sent with the main client's token instead of its own (a server that ignores whose token it is).</summary>
    public async Task<HttpResponseMessage> AsMainClientAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.MainTokenAsync());
        return await ForwardAsync(request, cancellationToken);
    }
}

/// <summary>One broken rule, and the test that must catch it.</summary>
/// <param name="Name">What is broken.</param>
/// <param name="TestId">The test that must fail because of it.</param>
/// <param name="Apply">How the double answers a request.</param>
public sealed record Fault(string Name, string TestId, Func<FaultyServer, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Apply)
{
    public override string ToString() => $"{TestId}: {Name}";
}
