namespace EsmsDui.Server.Hosting;

/// <summary>
/// The tenant background work sets for its scope before resolving anything else (the audit writer stores each
/// event in its request's tenant); requests take theirs from the route.
/// </summary>
internal sealed class TenantSelection
{
    /// <summary>The chosen tenant, or null for the route's.</summary>
    public string? Tenant { get; set; }
}
