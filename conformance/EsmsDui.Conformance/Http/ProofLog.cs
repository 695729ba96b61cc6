using System.Globalization;
using System.Text;

namespace EsmsDui.Conformance.Http;

/// <summary>
/// The proofs of one test: every request and response in <c>proofs/&lt;id&gt;.http</c> (secrets redacted) and the
/// artefacts it looked at (bundles, zips) in <c>proofs/&lt;id&gt;/</c>.
/// </summary>
public sealed class ProofLog(string outFolder, string testId, Redactor redactor)
{
    private readonly List<string> _paths = [];
    private int _exchanges;

    /// <summary>The proof files written, relative to the report folder.</summary>
    public IReadOnlyList<string> Paths => _paths;

    private string ExchangesPath => Path.Combine("proofs", testId + ".http");

    /// <summary>Appends one exchange (or an attempt that got no answer).</summary>
    public void Record(HttpRequestMessage request, string? requestBody, HttpResponseMessage? response, string? responseBody, string? note = null)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {++_exchanges} {DateTimeOffset.UtcNow:O}\n");
        text.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri} HTTP/{request.Version}\n");
        AppendHeaders(text, request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()));
        text.Append('\n').Append(requestBody).Append("\n\n");
        if (response is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}\n");
            AppendHeaders(text, response.Headers.Concat(response.Content.Headers));
            text.Append('\n').Append(responseBody).Append("\n\n");
        }

        if (note is not null)
        {
            text.Append("# ").Append(note).Append("\n\n");
        }

        var path = Path.Combine(outFolder, ExchangesPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, redactor.Redact(text.ToString()));
        if (!_paths.Contains(ExchangesPath))
        {
            _paths.Add(ExchangesPath);
        }
    }

    /// <summary>Keeps an artefact (a bundle, a zip, a mail) as a file of the test's proofs; returns its relative path.</summary>
    public string Keep(string name, byte[] content)
    {
        var relative = Path.Combine("proofs", testId, name);
        var path = Path.Combine(outFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        _paths.Add(relative);
        return relative;
    }

    /// <summary>Keeps a text artefact, secrets redacted.</summary>
    public string Keep(string name, string content) => Keep(name, Encoding.UTF8.GetBytes(redactor.Redact(content)));

    private static void AppendHeaders(StringBuilder text, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        foreach (var (name, values) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {string.Join(", ", values)}\n");
        }
    }
}
