namespace EsmsDui.Fhir.Requests;

/// <summary>
/// What a search or a history read takes from its request: the FHIR base (for fullUrls and paging links), the query
/// parameters, and whether unknown parameters are errors (<c>Prefer: handling=strict</c>). The dispatcher hands it
/// to the services, which know nothing else of the request.
/// </summary>
/// <param name="BaseUrl">The absolute URL of the FHIR base, without trailing slash.</param>
/// <param name="Parameters">The query parameters in order, URL-decoded.</param>
/// <param name="Strict">True when unknown search parameters are errors rather than ignored.</param>
public sealed record ReadQuery(string BaseUrl, IReadOnlyList<KeyValuePair<string, string>> Parameters, bool Strict = false)
{
    /// <summary>The first value of a parameter, or null.</summary>
    public string? Value(string name) => QueryStringParser.First(Parameters, name);
}
