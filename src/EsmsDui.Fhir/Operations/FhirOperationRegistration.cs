using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.Operations;

/// <summary>Registration of contributed operations.</summary>
public static class FhirOperationRegistration
{
    /// <summary>Routes <paramref name="route"/> to <typeparamref name="THandler"/> (a scoped service).</summary>
    public static IServiceCollection AddFhirOperation<THandler>(this IServiceCollection services, FhirOperationRoute route)
        where THandler : class, IFhirOperationHandler
    {
        ArgumentNullException.ThrowIfNull(route);
        services.AddScoped<THandler>();
        services.AddSingleton(route with { Handler = typeof(THandler) });
        return services;
    }
}
