using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Requests;

/// <summary>
/// One FHIR interaction, whether it came over HTTP or as an entry of a batch or transaction Bundle:
/// both go through the same request dispatcher, so they behave the same.
/// </summary>
public sealed record FhirRequest
{
    /// <summary>The HTTP verb in upper case (GET, POST, PUT, PATCH, DELETE, HEAD).</summary>
    public required string Method { get; init; }

    private readonly string _path = string.Empty;
    private FhirTarget? _target;

    /// <summary>The path relative to the FHIR base, without leading slash or query (e.g. <c>Patient/1/_history/2</c>).</summary>
    public required string Path
    {
        get => _path;
        init
        {
            _path = value;
            _target = null;
        }
    }

    /// <summary>What <see cref="Path"/> names: the edge's parse when it gives one (after the path), else parsed here once.</summary>
    public FhirTarget Target
    {
        get => _target ??= FhirTarget.Parse(_path);
        init => _target = value;
    }

    /// <summary>The absolute URL of the FHIR base, without trailing slash (for fullUrl and paging links).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The query parameters in order, URL-decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The resource of the body (create, update, transaction, FHIRPath Patch Parameters).</summary>
    public Resource? Resource { get; init; }

    /// <summary>The body of a JSON Patch (<c>application/json-patch+json</c>), when the PATCH is one.</summary>
    public ReadOnlyMemory<byte>? JsonPatch { get; init; }

    /// <summary>The <c>If-Match</c> header.</summary>
    public string? IfMatch { get; init; }

    /// <summary>The <c>If-None-Match</c> header.</summary>
    public string? IfNoneMatch { get; init; }

    /// <summary>The <c>If-Modified-Since</c> header.</summary>
    public DateTimeOffset? IfModifiedSince { get; init; }

    /// <summary>The <c>If-None-Exist</c> header (conditional create).</summary>
    public string? IfNoneExist { get; init; }

    /// <summary>True for <c>Prefer: handling=strict</c>: unknown search parameters are errors, not ignored.</summary>
    public bool StrictHandling { get; init; }

    /// <summary>The client's <c>Prefer: return</c> choice.</summary>
    public PreferReturn Return { get; init; } = PreferReturn.Representation;

    /// <summary>The first value of a query parameter, or null.</summary>
    public string? QueryValue(string name) => QueryStringParser.First(Query, name);

    /// <summary>What a search or history read takes from this request.</summary>
    public ReadQuery ReadQuery => new(BaseUrl, Query, StrictHandling);
}
