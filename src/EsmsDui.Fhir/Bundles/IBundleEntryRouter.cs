using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;

namespace EsmsDui.Fhir.Bundles;

/// <summary>
/// Runs one entry of a batch or transaction as the same interaction would run alone: the request dispatcher, which
/// itself hands Bundles here, so the processor asks through this port.
/// </summary>
public interface IBundleEntryRouter
{
    /// <summary>
    /// Executes the entry inside <paramref name="session"/> (a transaction) or alone; the Bundle's response passes
    /// the disclosure gate as a whole, so the entry's does not.
    /// </summary>
    Task<FhirResponse> RouteAsync(FhirRequest request, WriteSession? session, CancellationToken cancellationToken);
}
