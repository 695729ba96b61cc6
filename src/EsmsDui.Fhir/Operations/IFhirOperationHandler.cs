using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;

namespace EsmsDui.Fhir.Operations;

/// <summary>
/// An operation contributed from outside the engine (the DUI domain's <c>$gir</c>, …), registered with
/// <see cref="FhirOperationRegistration.AddFhirOperation{THandler}"/> and routed by the dispatcher.
/// </summary>
public interface IFhirOperationHandler
{
    /// <summary>Runs the operation on <paramref name="type"/> (type level) or on <paramref name="type"/>/<paramref name="id"/>.</summary>
    /// <param name="request">The call (input from its Parameters body or, for GET, its query).</param>
    /// <param name="type">The resource type of the URL.</param>
    /// <param name="id">The resource id of an instance-level call; null at type level.</param>
    /// <param name="session">The enclosing transaction, if any (writes then commit with it).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken);
}
