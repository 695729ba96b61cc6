using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Tenancy;

namespace EsmsDui.Fhir.Engine;

/// <summary>
/// Who works through the engine outside an HTTP request, in which tenant, under which access: a named system actor
/// (a connector, a worker, a CLI verb) with the establishments it may reach, or a user whose access was checked
/// elsewhere (a professional picking a usager at sign-in).
/// </summary>
/// <param name="Name">The actor's name, recorded as the client of what it does (<c>mssante-inbox</c>, <c>cli-import</c>).</param>
/// <param name="Tenant">The tenant it works in.</param>
/// <param name="Access">What it may do.</param>
public sealed record EngineActor(string Name, string Tenant, AccessContext Access)
{
    /// <summary>
    /// A system actor reaching every type, and every usager of <paramref name="tenant"/> unless
    /// <paramref name="establishments"/> (Organization ids of ESMS) limits it to theirs.
    /// </summary>
    public static EngineActor System(string name, string tenant = TenantContext.Default, IReadOnlyList<string>? establishments = null) =>
        new(name, tenant, AccessContext.ForActor(name, establishments));

    /// <summary>A user of <paramref name="tenant"/> with the access given.</summary>
    public static EngineActor User(string tenant, AccessContext access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new(access.Client ?? "user", tenant, access);
    }
}
