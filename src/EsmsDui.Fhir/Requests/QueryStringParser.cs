namespace EsmsDui.Fhir.Requests;

/// <summary>Parses a URL query string into ordered, decoded name/value pairs (repeated names kept).</summary>
public static class QueryStringParser
{
    /// <summary>Parses <c>a=1&amp;b=x%20y</c> (with or without the leading <c>?</c>).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return [];
        }

        return query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                return eq < 0
                    ? new KeyValuePair<string, string>(Decode(pair), string.Empty)
                    : new KeyValuePair<string, string>(Decode(pair[..eq]), Decode(pair[(eq + 1)..]));
            })
            .ToList();
    }

    /// <summary>Writes name/value pairs back as an escaped query string (without <c>?</c>).</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>The first value of <paramref name="name"/> among <paramref name="query"/>, or null.</summary>
    public static string? First(IReadOnlyList<KeyValuePair<string, string>> query, string name)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var (key, value) in query)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
