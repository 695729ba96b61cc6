namespace EsmsDui.Fhir.Tenancy;

/// <summary>
/// The tenant work outside a FHIR route sets for its scope before resolving anything else: the audit writer stores
/// each event in its request's tenant, the authorization server finds a user in its client's tenant. Requests take
/// theirs from the route.
/// </summary>
public sealed class TenantSelection
{
    /// <summary>The chosen tenant, or null for the route's.</summary>
    public string? Tenant { get; set; }
}
