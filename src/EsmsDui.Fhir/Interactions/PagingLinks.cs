using System.Globalization;
using EsmsDui.Fhir.History;

namespace EsmsDui.Fhir.Interactions;

/// <summary>Self and next links of paged Bundles: the request's own parameters plus the page cursor.</summary>
public static class PagingLinks
{
    /// <summary>The absolute URL of <paramref name="path"/> with the request's query and the given cursor.</summary>
    public static string Build(FhirRequest request, string path, long? cursor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(p => p.Key != HistoryService.CursorParameter).ToList();
        if (cursor is { } value)
        {
            query.Add(new(HistoryService.CursorParameter, value.ToString(CultureInfo.InvariantCulture)));
        }

        var text = QueryStringParser.Format(query);
        return $"{request.BaseUrl}/{path}" + (text.Length > 0 ? "?" + text : string.Empty);
    }
}
