using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace EsmsDui.Fhir.Conformance;

/// <summary>
/// A Firely resolver answering both canonical URLs (<c>url|version</c>) and resource URLs from one lookup, sync
/// and async; the SDK asks through all four methods depending on the caller.
/// </summary>
public abstract class CanonicalSource : IAsyncResourceResolver, IResourceResolver
{
    /// <summary>The resource a canonical URL (optionally <c>|version</c>) names, or null.</summary>
    protected abstract ValueTask<Resource?> FindAsync(string canonical);

    /// <inheritdoc/>
    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => await FindAsync(uri).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<Resource?> ResolveByUriAsync(string uri) => await FindAsync(uri).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) => Result(uri, await FindAsync(uri).ConfigureAwait(false));

    /// <inheritdoc/>
    public async Task<ResolverResult> TryResolveByUriAsync(string uri) => Result(uri, await FindAsync(uri).ConfigureAwait(false));

    /// <inheritdoc/>
    public Resource? ResolveByCanonicalUri(string uri) => FindAsync(uri).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public Resource? ResolveByUri(string uri) => ResolveByCanonicalUri(uri);

    /// <inheritdoc/>
    public ResolverResult TryResolveByCanonicalUri(string uri) => Result(uri, ResolveByCanonicalUri(uri));

    /// <inheritdoc/>
    public ResolverResult TryResolveByUri(string uri) => Result(uri, ResolveByCanonicalUri(uri));

    /// <summary>Splits <c>url|version</c>.</summary>
    public static (string Url, string? Version) Split(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        var url = bar < 0 ? canonical : canonical[..bar];
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return (hash < 0 ? url : url[..hash], bar < 0 ? null : canonical[(bar + 1)..]);
    }

    private static ResolverResult Result(string uri, Resource? resource) =>
        resource is not null ? new ResolverResult(resource) : new ResolverResult(new ResolverException(uri, $"'{uri}' is not known here."));
}
