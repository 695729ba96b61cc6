using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EsmsDui.Conformance.Model;

namespace EsmsDui.Conformance.Http;

/// <summary>
/// The suite's only way to the server: HTTP requests bounded in time, each recorded in the running test's
/// proofs. A server that does not answer in time, or not at all, fails the test with that said; it never stops
/// the run.
/// </summary>
public sealed class ServerClient : IDisposable
{
    private const int MaxProofBody = 2 * 1024 * 1024;
    private readonly HttpClient _http;
    private readonly Redactor _redactor;
    private readonly TimeSpan _timeout;
    private string? _tokenEndpoint;
    private bool _discovered;

    /// <summary>A client of the server at <paramref name="fhirBase"/>; <paramref name="handler"/> for tests of the suite.</summary>
    public ServerClient(Uri fhirBase, TimeSpan timeout, Redactor redactor, HttpMessageHandler? handler = null)
    {
        Base = fhirBase;
        _timeout = timeout;
        _redactor = redactor;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The FHIR base, ending with <c>/</c>.</summary>
    public Uri Base { get; }

    /// <summary>The proofs of the test running now (tests run one at a time).</summary>
    public ProofLog? Proofs { get; set; }

    /// <summary>Sends a request to <paramref name="url"/> (relative to the FHIR base, or absolute) and returns the answer.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string url, string? token, string? body = null, string? contentType = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, Resolve(url));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (!request.Headers.Contains("Accept"))
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/fhir+json");
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/fhir+json; charset=utf-8");
        }

        return await SendRawAsync(request, body);
    }

    /// <summary>Sends a prepared request (token requests, odd headers) and records it.</summary>
    public async Task<Answer> SendRawAsync(HttpRequestMessage request, string? body)
    {
        var line = $"{request.Method} {request.RequestUri}";
        using var timeout = new CancellationTokenSource(_timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (Exception ex) when (ex is TaskCanceledException or OperationCanceledException)
        {
            Proofs?.Record(request, body, null, null, $"no answer within {_timeout.TotalSeconds:0} s");
            throw new CheckFailedException($"{line}: no answer within {_timeout.TotalSeconds:0} s.", ex);
        }
        catch (HttpRequestException ex)
        {
            Proofs?.Record(request, body, null, null, "no answer: " + ex.Message);
            throw new CheckFailedException($"{line}: no answer ({ex.Message}).", ex);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var text = Encoding.UTF8.GetString(bytes);
            Proofs?.Record(request, body, response, text.Length > MaxProofBody ? text[..MaxProofBody] + "\n[… cut]" : text);
            return new Answer(line, (int)response.StatusCode, response.Headers, response.Content.Headers, text) { Bytes = bytes };
        }
    }

    /// <summary>The token endpoint the server's SMART configuration names (null when it has none).</summary>
    public async Task<string?> TokenEndpointAsync()
    {
        if (!_discovered)
        {
            var answer = await SendAsync(HttpMethod.Get, ".well-known/smart-configuration", token: null, headers: [new("Accept", "application/json")]);
            _tokenEndpoint = answer.Status == 200 && TryParse(answer.Body)?["token_endpoint"] is JsonValue endpoint ? endpoint.GetValue<string>() : null;
            _discovered = true;
        }

        return _tokenEndpoint;
    }

    /// <summary>The JSON of <paramref name="text"/>, or null when it is not JSON.</summary>
    public static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>An absolute URL for <paramref name="url"/>, relative to the FHIR base unless absolute.</summary>
    public Uri Resolve(string url) => Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal) ? absolute : new Uri(Base, url);

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
