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

    /// <summary>The Practitioner with an RPPS <paramref name="reference"/> names (directly, or through a PractitionerRole), or null.</summary>
    public static async Task<Practitioner?> PractitionerWithRppsAsync(IFhirEngine engine, FhirSerializer serializer, ResourceReference reference, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var target = reference.Reference;
        if (target?.StartsWith("PractitionerRole/", StringComparison.Ordinal) == true)
        {
            target = (await ReadAsync<PractitionerRole>(engine, serializer, target, session, cancellationToken)).Practitioner?.Reference;
        }

        if (target?.StartsWith("Practitioner/", StringComparison.Ordinal) != true)
        {
            return null;
        }

        var practitioner = await ReadAsync<Practitioner>(engine, serializer, target, session, cancellationToken);
        return practitioner.Identifier.Any(i => i.System == RecordDocumentReader.IdNatPs && !string.IsNullOrEmpty(i.Value)) ? practitioner : null;
    }

    /// <summary>The usager's médecin traitant: the first of his generalPractitioner that is a Practitioner with an RPPS, or null.</summary>
    public static async Task<Practitioner?> MedecinTraitantAsync(IFhirEngine engine, FhirSerializer serializer, Patient usager, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usager);
        foreach (var doctor in usager.GeneralPractitioner)
        {
            if (await PractitionerWithRppsAsync(engine, serializer, doctor, session, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The author input of a rendering operation: a Practitioner with an RPPS (400 when missing, 422 without an RPPS).</summary>
    public static async Task<(ResourceReference Reference, Practitioner Practitioner)> AuthorAsync(
        IFhirEngine engine, FhirSerializer serializer, OperationRequest request, string operation, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Input.Value<ResourceReference>("author")
            ?? throw new FhirException(FhirErrorKind.Invalid, $"{operation} needs its author (a Reference to the Practitioner or PractitionerRole, with an RPPS, who answers for it).", OperationOutcome.IssueType.Required, "author");
        var practitioner = await PractitionerWithRppsAsync(engine, serializer, reference, session, cancellationToken)
            ?? throw new FhirException(FhirErrorKind.Unprocessable, "The author must be a Practitioner (or PractitionerRole) with an RPPS (identifier urn:oid:1.2.250.1.71.4.2.1): the CDA names him by it.", OperationOutcome.IssueType.BusinessRule, "author");
        return (reference, practitioner);
    }

    /// <summary>400 when <paramref name="request"/> carries an input that is not among <paramref name="inputs"/>.</summary>
    public static void EnsureOnly(OperationRequest request, string operation, params string[] inputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body is Parameters body && body.Parameter.Find(p => !inputs.Contains(p.Name)) is { } unknown)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"{operation} takes {string.Join(", ", inputs)} ('{unknown.Name}' given).", OperationOutcome.IssueType.NotSupported, unknown.Name);
        }
    }
}
