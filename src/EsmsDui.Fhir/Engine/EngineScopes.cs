using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.Engine;

/// <summary>Opens a unit of work on the engine for an <see cref="EngineActor"/>: its tenant and access, chosen before anything resolves them.</summary>
public static class EngineScopes
{
    /// <summary>
    /// A scope whose <see cref="IFhirEngine"/> (and every scoped service resolved from it) works in the actor's
    /// tenant under its access. Dispose it when the work is done.
    /// </summary>
    public static AsyncServiceScope CreateEngineScope(this IServiceScopeFactory scopes, EngineActor actor)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(actor);
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantSelection>().Tenant = actor.Tenant;
        scope.ServiceProvider.GetRequiredService<AccessSelection>().Context = actor.Access;
        return scope;
    }
}
