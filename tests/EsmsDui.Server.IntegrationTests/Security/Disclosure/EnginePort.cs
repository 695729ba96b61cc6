using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Interactions;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Security.Disclosure;

/// <summary>
/// Sends requests to the engine's one entry (<see cref="FhirRequestDispatcher"/>, which the HTTP edge calls) as a
/// given caller: the access the token middleware makes from a token's claims (scopes, establishments, usager in
/// context) and a tenant. It lets a property test try thousands of callers without thousands of sign-ins.
/// </summary>
internal sealed class EnginePort(IServiceProvider services)
{
    /// <summary>The base URL the requests carry.</summary>
    public const string BaseUrl = "http://localhost/fhir";

    /// <summary>The answer, or the error the HTTP edge would have turned into an OperationOutcome.</summary>
    public async Task<(FhirResponse? Response, Exception? Error)> SendAsync(AccessContext access, string tenant, FhirRequest request)
    {
        try
        {
            // The access and tenant are the request's, selected for its scope as the token middleware selects them.
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantSelection>().Tenant = tenant;
            scope.ServiceProvider.GetRequiredService<AccessSelection>().Context = access;
            var dispatcher = scope.ServiceProvider.GetRequiredService<FhirRequestDispatcher>();
            return (await dispatcher.DispatchAsync(request, session: null, CancellationToken.None), null);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return (null, error);
        }
    }

    /// <summary>True when <paramref name="error"/> is an answer (4xx, or a remote service unavailable), not a defect.</summary>
    public static bool IsAnswer(Exception error) =>
        error is FhirException { Kind: not FhirErrorKind.Internal };
}
