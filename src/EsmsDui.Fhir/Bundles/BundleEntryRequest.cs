using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Bundles;

/// <summary>Turns a Bundle entry into the <see cref="FhirRequest"/> it stands for.</summary>
internal static class BundleEntryRequest
{
    public static FhirRequest From(Bundle.EntryComponent entry, int index, FhirRequest outer)
    {
        var request = entry.Request
            ?? throw EntryError(index, "has no request.", "request");
        var method = request.Method?.ToString()
            ?? throw EntryError(index, "has no request.method.", "request.method");
        var url = request.Url
            ?? throw EntryError(index, "has no request.url.", "request.url");
        var (path, query) = Split(RelativeTo(url, outer.BaseUrl));
        return new FhirRequest
        {
            Method = method,
            Path = path,
            Query = query,
            BaseUrl = outer.BaseUrl,
            Resource = entry.Resource,
            IfMatch = request.IfMatch,
            IfNoneMatch = request.IfNoneMatch,
            IfModifiedSince = request.IfModifiedSince,
            IfNoneExist = request.IfNoneExist,
            Return = outer.Return,
        };
    }

    public static FhirException EntryError(int index, string message, string? element = null) =>
        new(FhirErrorKind.Invalid, $"Bundle.entry[{index}] {message}", OperationOutcome.IssueType.Invalid, $"Bundle.entry[{index}]" + (element is null ? string.Empty : "." + element));

    private static string RelativeTo(string url, string baseUrl)
    {
        if (url.StartsWith(baseUrl + "/", StringComparison.OrdinalIgnoreCase))
        {
            return url[(baseUrl.Length + 1)..];
        }

        return url.TrimStart('/');
    }

    private static (string Path, IReadOnlyList<KeyValuePair<string, string>> Query) Split(string url)
    {
        var mark = url.IndexOf('?', StringComparison.Ordinal);
        return mark < 0
            ? (url.TrimEnd('/'), [])
            : (url[..mark].TrimEnd('/'), QueryStringParser.Parse(url[(mark + 1)..]));
    }
}
