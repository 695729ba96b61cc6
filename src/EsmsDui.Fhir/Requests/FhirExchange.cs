using EsmsDui.Fhir.Tenancy;

namespace EsmsDui.Fhir.Requests;

/// <summary>
/// One request at the HTTP edge and its answer, for the scope that serves it: the edge parses the URL once (tenant,
/// path under the base, <see cref="FhirTarget"/>) and the token check, the endpoints and the audit trail read it here;
/// the endpoints put the answer here for the audit trail. Nothing goes through the HTTP context's items.
/// </summary>
public sealed class FhirExchange
{
    /// <summary>True when the request is under a FHIR base (<see cref="Open"/> was called).</summary>
    public bool IsFhir { get; private set; }

    /// <summary>The tenant the URL names (<see cref="TenantContext.Default"/> for <c>/fhir</c>), not yet checked to exist.</summary>
    public string Tenant { get; private set; } = TenantContext.Default;

    /// <summary>The path under the base, without slashes at either end (<c>Patient/1/_history</c>).</summary>
    public string Rest { get; private set; } = string.Empty;

    /// <summary>What the path names.</summary>
    public FhirTarget Target { get; private set; } = new(FhirTargetKind.None);

    /// <summary>The engine's answer, once the endpoint has one (null when the request failed before or in the engine).</summary>
    public FhirResponse? Response { get; set; }

    /// <summary>The first issue of an error answer, for the audit trail.</summary>
    public string? Outcome { get; set; }

    /// <summary>Records the URL of a request under a FHIR base, once.</summary>
    public void Open(string tenant, string rest)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(rest);
        if (IsFhir)
        {
            throw new InvalidOperationException("The exchange of this request is already open.");
        }

        (IsFhir, Tenant, Rest, Target) = (true, tenant, rest, FhirTarget.Parse(rest));
    }
}
