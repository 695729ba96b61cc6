using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <content>What the caller reaches: the establishments and usager its search is limited to, and whether a resource is within them.</content>
public sealed partial class SearchService
{
    // The member types of a compartment (the owner included) the caller may use; null when it may use them all.
    private List<string>? Restricted(string compartmentType, SmartPermissions permissions)
    {
        if (access.AllowsEveryType(permissions))
        {
            return null;
        }

        var definition = CompartmentDefinitions.Members(compartmentType)
            ?? throw new FhirException(FhirErrorKind.NotFound, $"{compartmentType} is not a compartment.", OperationOutcome.IssueType.NotFound);
        var allowed = definition.Keys.Append(compartmentType).Distinct().Where(t => access.Allows(t, permissions)).ToList();
        return allowed.Count > 0
            ? allowed
            : throw new FhirException(FhirErrorKind.Forbidden, $"The access token allows no type of the {compartmentType} compartment.", OperationOutcome.IssueType.Forbidden);
    }

    private IEnumerable<string> Searchable(IEnumerable<string> types) => types.Where(t => access.Allows(t, SmartPermissions.Search));

    // A chain or _has tells about the resources it goes through: the caller must be allowed to search them.
    private void DemandSearchThrough(IEnumerable<SearchCriterion> criteria)
    {
        foreach (var criterion in criteria)
        {
            switch (criterion)
            {
                case ChainCriterion chain:
                    foreach (var target in chain.Targets)
                    {
                        access.Demand(target.ResourceType, SmartPermissions.Search);
                        DemandSearchThrough([target.Criterion]);
                    }

                    break;
                case HasCriterion has:
                    access.Demand(has.SourceType, SmartPermissions.Search);
                    DemandSearchThrough([has.Criterion]);
                    break;
                case CompositeCriterion composite:
                    DemandSearchThrough(composite.Values.SelectMany(v => v));
                    break;
                case ContainedCriterion contained:
                    DemandSearchThrough(contained.ContainedCriteria.Concat(contained.Criteria));
                    break;
            }
        }
    }

    private EstablishmentCriterion? _restriction;

    // What this request already found within the caller's reach (a restricted search's matches, a visibility check):
    // the disclosure gate asks again for what leaves, and need not query what a restricted query already returned.
    private readonly HashSet<(string Type, string Id)> _reachable = [];

    /// <summary>The limit of a caller reaching some usagers only (establishment, usager in context), or null.</summary>
    private EstablishmentCriterion? Restriction()
    {
        if (!access.IsLimitedToSomeUsagers)
        {
            return null;
        }

        if (_restriction is null)
        {
            var definition = CompartmentDefinitions.Members("Patient")!;
            string Index(string type, string name) => parser.IndexNameOf(type, name) ?? name;
            _restriction = new EstablishmentCriterion(
                access.Establishments,
                access.Patient,
                [.. definition.Keys.Append("Patient").Distinct()],
                [.. definition.SelectMany(d => d.Value.Select(name => parser.IndexNameOf(d.Key, name))).OfType<string>().Distinct()],
                Index("Patient", "organization"),
                Index("Encounter", "service-provider"),
                [.. new[] { Index("Encounter", "patient"), Index("Encounter", "subject") }.Distinct()]);
        }

        return _restriction;
    }

    /// <summary>True when the caller may reach <paramref name="resourceType"/>/<paramref name="id"/> (establishment-level access).</summary>
    public async Task<bool> IsVisibleAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        if (Restriction() is not { } establishments || !establishments.MemberTypes.Contains(resourceType))
        {
            return true;
        }

        if (_reachable.Contains((resourceType, id)))
        {
            return true;
        }

        var query = parser.Parse(resourceType, [new("_id", id)], strict: true) with { Count = 1 };
        var visible = (await store.SearchAsync(query with { Criteria = [.. query.Criteria, establishments] }, cancellationToken)).Matches.Count > 0;
        if (visible)
        {
            _reachable.Add((resourceType, id));
        }

        return visible;
    }

    /// <summary>
    /// 403 when the resource exists but the caller may not reach it (establishment-level access); an unknown one is
    /// left to the caller's own 404.
    /// </summary>
    public async Task EnsureVisibleAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        if (await IsVisibleAsync(resourceType, id, cancellationToken))
        {
            return;
        }

        var exists = parser.Parse(resourceType, [new("_id", id)], strict: true) with { Count = 1 };
        if ((await store.SearchAsync(exists, cancellationToken)).Matches.Count > 0)
        {
            throw new FhirException(FhirErrorKind.Forbidden,
                access.Patient is { } usager
                    ? $"{resourceType}/{id} is not part of the record of Patient/{usager}, the usager this access token is for."
                    : $"{resourceType}/{id} is not a record of a usager of the establishments this access token reaches.", OperationOutcome.IssueType.Forbidden);
        }
    }

    /// <summary>
    /// The resources among <paramref name="resources"/> (type and id) that the caller may reach (establishment-level
    /// access, usager in context), one query per type for those not already known reachable in this request.
    /// </summary>
    public async Task<HashSet<(string Type, string Id)>> ReachableAmongAsync(IEnumerable<(string Type, string Id)> resources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var visible = resources.ToHashSet();
        if (Restriction() is not { } establishments)
        {
            return visible;
        }

        foreach (var group in visible.Where(r => establishments.MemberTypes.Contains(r.Type) && !_reachable.Contains(r)).GroupBy(r => r.Type).ToList())
        {
            var ids = group.Select(r => r.Id).Distinct().ToList();
            var query = parser.Parse(group.Key, [new("_id", string.Join(',', ids))], strict: true) with { Count = ids.Count };
            var reachable = (await store.SearchAsync(query with { Criteria = [.. query.Criteria, establishments] }, cancellationToken)).Matches.Select(m => m.Id).ToHashSet();
            visible.RemoveWhere(v => v.Type == group.Key && !reachable.Contains(v.Id));
            _reachable.UnionWith(reachable.Select(id => (group.Key, id)));
        }

        return visible;
    }
}
