using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Rendering;

/// <summary>What the rendering operations read of the record, through the engine port (so under the caller's access).</summary>
public static class RecordReads
{
    /// <summary>400 when <paramref name="request"/> carries a parameter: <paramref name="operation"/> takes none.</summary>
    public static void EnsureNoParameter(OperationRequest request, string operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body is Parameters { Parameter.Count: > 0 } body)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"{operation} takes no parameter ('{body.Parameter[0].Name}' given).", OperationOutcome.IssueType.NotSupported, body.Parameter[0].Name);
        }
    }

    /// <summary>The resource <paramref name="reference"/> (<c>Type/id</c>) names.</summary>
    public static async Task<T> ReadAsync<T>(IFhirEngine engine, FhirSerializer serializer, string reference, WriteSession? session, CancellationToken cancellationToken)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(reference);
        var parts = reference.Split('/');
        return (T)serializer.ParseJson((await engine.ReadAsync(parts[0], parts[1], session, cancellationToken)).Json.Span);
    }

    /// <summary>The usager <paramref name="subject"/> names (422 naming <paramref name="path"/> when it is not a Patient) and his establishment, when named.</summary>
    public static async Task<(Patient Usager, Organization? Establishment)> UsagerAsync(
        IFhirEngine engine, FhirSerializer serializer, ResourceReference? subject, string owner, string path, WriteSession? session, CancellationToken cancellationToken)
    {
        if (subject?.Reference is not { } reference || !reference.StartsWith("Patient/", StringComparison.Ordinal))
        {
            throw new FhirException(FhirErrorKind.Unprocessable, $"{owner} names no usager ({path}, a Patient).", OperationOutcome.IssueType.BusinessRule, path);
        }

        var usager = await ReadAsync<Patient>(engine, serializer, reference, session, cancellationToken);
        var establishment = usager.ManagingOrganization?.Reference is { } organization && organization.StartsWith("Organization/", StringComparison.Ordinal)
            ? await ReadAsync<Organization>(engine, serializer, organization, session, cancellationToken)
            : null;
        return (usager, establishment);
    }
}
