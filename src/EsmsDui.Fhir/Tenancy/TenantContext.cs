namespace EsmsDui.Fhir.Tenancy;

/// <summary>
/// The tenant (organisme gestionnaire) a request works for. Storage keeps each tenant's resources apart and every
/// query reads only the tenant's own rows and the shared conformance resources; a server without tenants works in
/// <see cref="Default"/>.
/// </summary>
/// <param name="tenantId">The tenant's id (<see cref="Default"/> for the base <c>/fhir</c>).</param>
public sealed class TenantContext(string tenantId)
{
    /// <summary>The tenant of <c>/fhir</c> (and of every resource written before tenants existed).</summary>
    public const string Default = "";

    /// <summary>The storage tenant of conformance resources, which every tenant reads.</summary>
    public const string Shared = "*";

    /// <summary>The tenant's id.</summary>
    public string TenantId { get; } = tenantId;

    /// <summary>The definitional types every tenant shares (the conformance resources packages install).</summary>
    public static IReadOnlySet<string> SharedTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter", "CapabilityStatement", "Questionnaire",
        "OperationDefinition", "NamingSystem", "ConceptMap", "ImplementationGuide",
    };

    /// <summary>True for the <see cref="SharedTypes"/>.</summary>
    public static bool IsShared(string resourceType) => SharedTypes.Contains(resourceType);

    /// <summary>The storage tenant of a resource of <paramref name="resourceType"/> written in this context.</summary>
    public string StorageTenantFor(string resourceType) => IsShared(resourceType) ? Shared : TenantId;
}
