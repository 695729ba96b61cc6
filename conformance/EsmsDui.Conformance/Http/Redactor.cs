using System.Text.RegularExpressions;

namespace EsmsDui.Conformance.Http;

/// <summary>
/// Takes secrets out of what the proofs keep: bearer tokens, client secrets and assertions, passwords, and every
/// token the suite was given or obtained, wherever it appears (headers, bodies, URLs).
/// </summary>
public sealed partial class Redactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mark = "[redacted]";

    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds a secret to take out of everything written from now on.</summary>
    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
        {
            lock (_gate)
            {
                _secrets.Add(secret);
            }
        }
    }

    /// <summary><paramref name="text"/> without secrets.</summary>
    public string Redact(string text)
    {
        string[] secrets;
        lock (_gate)
        {
            secrets = [.. _secrets.OrderByDescending(s => s.Length)];
        }

        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Mark, StringComparison.Ordinal);
        }

        text = BearerHeader().Replace(text, "$1" + Mark);
        text = JsonSecret().Replace(text, "$1\"" + Mark + "\"");
        return FormSecret().Replace(text, "$1" + Mark);
    }

    [GeneratedRegex(@"((?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/=]{8,}", RegexOptions.IgnoreCase)]
    private static partial Regex BearerHeader();

    [GeneratedRegex(@"(""(?:access_token|refresh_token|id_token|client_secret|password)""\s*:\s*)""[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecret();

    [GeneratedRegex(@"((?:^|[?&])(?:client_secret|client_assertion|access_token|refresh_token|code_verifier|password)=)[^&\s]*", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FormSecret();
}
