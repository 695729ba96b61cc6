using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Dmp.Consultation;

/// <summary>What the DMP operations that call the DMP while the client waits share: the configuration check, and the DMP's failures as FHIR errors.</summary>
public static class DmpOperations
{
    /// <summary>
    /// 403 unless the caller may make the writes that record what the DMP did (<paramref name="permission"/> on each
    /// of <paramref name="types"/>): asked before the DMP is called, so that a caller who could not record the outcome
    /// cannot make the DMP act (ITI-57) or answer (ITI-18, ITI-43) either.
    /// </summary>
    public static void DemandRecording(AccessContext access, SmartPermissions permission, params string[] types)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(types);
        foreach (var type in types)
        {
            access.Demand(type, permission);
        }
    }

    /// <summary>501 when no DMP is configured; 400 when <paramref name="request"/> has a parameter other than <paramref name="allowed"/>.</summary>
    public static void EnsureConfigured(DmpOptions options, OperationRequest request, string operation, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        if (options.RepositoryEndpoint is null)
        {
            throw new FhirException(FhirErrorKind.NotImplemented, "This server has no DMP configured (Dmp:RepositoryEndpoint and the structure's certificates).", OperationOutcome.IssueType.NotSupported);
        }

        var names = (request.Body as Parameters)?.Parameter.Select(p => p.Name ?? string.Empty) ?? [];
        if (names.Concat(request.Query.Parameters.Select(p => p.Key)).FirstOrDefault(n => !allowed.Contains(n) && !n.StartsWith('_')) is { } unknown)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"{operation} has no parameter '{unknown}'{(allowed.Length == 0 ? string.Empty : $" (it takes {string.Join(", ", allowed)})")}.", OperationOutcome.IssueType.NotSupported, unknown);
        }
    }

    /// <summary>The HTTP status a DMP failure answers: 422 for a refusal (no DMP, a closed DMP, the structure refused), 503 when unreachable, 502 for an unreadable answer.</summary>
    public static int StatusOf(DmpCallException exception) => KindOf(exception).ToStatusCode();

    /// <summary>The DMP failure as the request's error, its message prefixed with what it means for the record.</summary>
    public static FhirException Failure(DmpCallException exception, string consequence)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FhirException(KindOf(exception), $"{consequence}: {exception.Message}", exception.Failure == DmpFailure.Refused ? OperationOutcome.IssueType.BusinessRule : OperationOutcome.IssueType.Transient);
    }

    private static FhirErrorKind KindOf(DmpCallException exception) => exception?.Failure switch
    {
        DmpFailure.Refused => FhirErrorKind.Unprocessable,
        DmpFailure.Unreachable => FhirErrorKind.ServiceUnavailable,
        _ => FhirErrorKind.BadGateway,
    };
}
