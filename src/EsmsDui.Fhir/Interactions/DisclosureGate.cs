using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Search;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Interactions;

/// <summary>
/// The one check every resource leaving the server passes, whatever produced it (read, search, include, history,
/// Bundle response, any operation's output): the check of a direct read — a scope granting read on its type, and
/// the caller's reach (establishments, usager in context). What fails it is taken out of the answer: an entry of a
/// Bundle or a part of a Parameters is removed, a write result is answered without its body, and any other
/// answer is refused with 403. Answers built by the server (search pages, Bundle responses, operation outputs) are
/// looked into; a stored resource (it carries <c>meta.versionId</c>) is checked as one resource, its insides being
/// its own content.
/// </summary>
public sealed class DisclosureGate(AccessContext access, SearchService search)
{
    /// <summary>The response with what the caller may not read taken out.</summary>
    public async Task<FhirResponse> FilterAsync(FhirResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (access.IsUnrestricted)
        {
            return response;
        }

        if (response.Resource is null)
        {
            return response.Stored is { IsDeleted: false } stored && !await MayReadAsync([(stored.ResourceType, stored.Id)], cancellationToken)
                ? Withheld(response, stored.ResourceType, stored.Id)
                : response;
        }

        var leaves = new List<Resource>();
        if (IsContainer(response.Resource))
        {
            CollectLeaves(response.Resource, leaves);
        }
        else
        {
            leaves.Add(response.Resource);
        }

        var readable = await ReadableAsync(leaves, cancellationToken);
        if (!IsContainer(response.Resource))
        {
            return readable.Contains(response.Resource) ? response : Withheld(response, response.Resource.TypeName, response.Resource.Id);
        }

        Prune(response.Resource, readable);
        return response;
    }

    // Built by the server (no version of its own): a search page, a Bundle response, an operation's output.
    private static bool IsContainer(Resource resource) =>
        resource is Parameters || (resource is Bundle && resource.Meta?.VersionId is null);

    private static void CollectLeaves(Resource container, List<Resource> leaves)
    {
        foreach (var resource in Children(container))
        {
            if (IsContainer(resource))
            {
                CollectLeaves(resource, leaves);
            }
            else if (!IsServerOutcome(resource))
            {
                leaves.Add(resource);
            }
        }
    }

    private static IEnumerable<Resource> Children(Resource container) => container switch
    {
        Bundle bundle => bundle.Entry.SelectMany(e => new[] { e.Resource, e.Response?.Outcome }).OfType<Resource>(),
        Parameters parameters => Parts(parameters.Parameter).Select(p => p.Resource).OfType<Resource>(),
        _ => [],
    };

    private static IEnumerable<Parameters.ParameterComponent> Parts(IEnumerable<Parameters.ParameterComponent> parameters) =>
        parameters.SelectMany(p => Parts(p.Part).Prepend(p));

    private static void Prune(Resource container, HashSet<Resource> readable)
    {
        switch (container)
        {
            case Bundle bundle:
                var removedMatches = bundle.Entry.Count(e => e.Resource is { } r && !Keeps(r, readable) && e.Search?.Mode != Bundle.SearchEntryMode.Include);
                bundle.Entry.RemoveAll(e => e.Resource is { } r && !Keeps(r, readable));
                if (bundle.Total is { } total && bundle.Type == Bundle.BundleType.Searchset)
                {
                    bundle.Total = Math.Max(0, total - removedMatches);
                }

                foreach (var nested in bundle.Entry.Select(e => e.Resource).OfType<Resource>().Where(IsContainer))
                {
                    Prune(nested, readable);
                }

                break;
            case Parameters parameters:
                PruneParts(parameters.Parameter, readable);
                break;
        }
    }

    private static void PruneParts(List<Parameters.ParameterComponent> parts, HashSet<Resource> readable)
    {
        parts.RemoveAll(p => p.Resource is { } r && !Keeps(r, readable));
        foreach (var part in parts)
        {
            if (part.Resource is { } r && IsContainer(r))
            {
                Prune(r, readable);
            }

            PruneParts(part.Part, readable);
        }
    }

    private static bool Keeps(Resource resource, HashSet<Resource> readable) =>
        IsContainer(resource) || IsServerOutcome(resource) || readable.Contains(resource);

    // The leaves a direct read would give: the type's read scope first, then the caller's reach, asked once per type.
    // A statement the server makes outside the usagers' records (the CapabilityStatement of metadata, an expansion)
    // is no stored resource; a record the server computes without id (an evaluation's result) needs its type's scope.
    private async Task<HashSet<Resource>> ReadableAsync(List<Resource> leaves, CancellationToken cancellationToken)
    {
        var readable = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        var stored = new List<Resource>();
        foreach (var leaf in leaves)
        {
            if (IsServerOutcome(leaf) || (leaf.Meta?.VersionId is null && !IsUsagerRecordType(leaf.TypeName)))
            {
                readable.Add(leaf);
            }
            else if (access.Allows(leaf.TypeName, SmartPermissions.Read))
            {
                (leaf.Id is null ? (ICollection<Resource>)readable : stored).Add(leaf);
            }
        }

        var reachable = await search.ReachableAmongAsync(stored.Select(r => (r.TypeName, r.Id!)), cancellationToken);
        readable.UnionWith(stored.Where(r => reachable.Contains((r.TypeName, r.Id!))));
        return readable;
    }

    private async Task<bool> MayReadAsync(IReadOnlyList<(string Type, string Id)> resources, CancellationToken cancellationToken) =>
        resources.All(r => access.Allows(r.Type, SmartPermissions.Read))
        && (await search.ReachableAmongAsync(resources, cancellationToken)).Count == resources.Count;

    // An outcome the server writes about the request; one a client stored is a resource like any other.
    private static bool IsServerOutcome(Resource resource) => resource is OperationOutcome && resource.Meta?.VersionId is null;

    // The types of a usager's record (the Patient compartment, the Patient included).
    private static bool IsUsagerRecordType(string type) => type == "Patient" || CompartmentDefinitions.Members("Patient")!.ContainsKey(type);

    // A write the caller may not read back is answered without its body; anything else it may not read is refused.
    private static FhirResponse Withheld(FhirResponse response, string type, string? id) => response.IsWriteResult
        ? new FhirResponse
        {
            Status = response.Status,
            VersionId = response.VersionId,
            LastModified = response.LastModified,
            Location = response.Location,
            IsWriteResult = true,
            Outcome = new OperationOutcome
            {
                Issue = [FhirException.Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational,
                    $"Done; the access token does not allow reading {type} back, so the body is left out.")],
            },
        }
        : throw new FhirException(FhirErrorKind.Forbidden,
            $"The access token does not allow reading {type}{(id is null ? string.Empty : "/" + id)}, which this answer would return.", OperationOutcome.IssueType.Forbidden);
}
