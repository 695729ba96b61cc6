using System.Globalization;

namespace EsmsDui.Fhir.Requests;

/// <summary>Self and next links of paged Bundles: the request's own parameters plus the page cursor.</summary>
public static class PagingLinks
{
    /// <summary>The absolute URL of <paramref name="path"/> with the request's query and the given cursor.</summary>
    public static string Build(ReadQuery request, string path, long? cursor) =>
        Build(request, path, cursor is { } value ? [new(PagePosition.CursorParameter, value.ToString(CultureInfo.InvariantCulture))] : []);

    /// <summary>The absolute URL of <paramref name="path"/> with the request's query, its paging parameters replaced.</summary>
    public static string Build(ReadQuery request, string path, IEnumerable<KeyValuePair<string, string>> paging)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Parameters.Where(p => !PagePosition.Parameters.Contains(p.Key)).Concat(paging).ToList();
        var text = QueryStringParser.Format(query);
        return request.BaseUrl + (path.Length > 0 ? "/" + path : string.Empty) + (text.Length > 0 ? "?" + text : string.Empty);
    }
}
