using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Engine;

/// <summary>
/// The search half of <see cref="IFhirEngine"/>, for what the resource service itself calls (write rules): they may
/// search, not write, so they do not depend on the writer that calls them.
/// </summary>
public interface IFhirSearch
{
    /// <summary>At most <paramref name="limit"/> resources the search <paramref name="criteria"/> select (parsed strictly).</summary>
    Task<IReadOnlyList<StoredResource>> FindAsync(string resourceType, string criteria, int limit, CancellationToken cancellationToken);

    /// <summary>As <see cref="FindAsync"/>, within the usagers the access reaches (establishment or usager in context).</summary>
    Task<IReadOnlyList<StoredResource>> FindReachableAsync(string resourceType, string criteria, int limit, CancellationToken cancellationToken);

    /// <summary>The resources conditional criteria select: at most two, enough to tell none, one or many.</summary>
    Task<IReadOnlyList<StoredResource>> MatchAsync(string resourceType, string criteria, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> resources of a compartment (the record of a usager).</summary>
    Task<IReadOnlyList<StoredResource>> CompartmentAsync(string compartmentType, string id, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A compartment as a page of a searchset Bundle (<c>$everything</c>), narrowed to the types the access reads:
    /// <paramref name="types"/> (all when null) filtered by <paramref name="criteria"/>, with what its members
    /// reference and what refers to them by <paramref name="referringBy"/>; paging links go to <paramref name="path"/>
    /// with <paramref name="request"/>'s query.
    /// </summary>
    Task<Bundle> ExportCompartmentAsync(
        string compartmentType,
        string id,
        IReadOnlyList<string>? types,
        IReadOnlyList<KeyValuePair<string, string>> criteria,
        IReadOnlyList<(string Type, string Parameter)> referringBy,
        ReadQuery request,
        string path,
        CancellationToken cancellationToken);

    /// <summary>403 when the resource exists out of the access's reach, 404 when it does not exist.</summary>
    Task EnsureVisibleAsync(string resourceType, string id, CancellationToken cancellationToken);
}
