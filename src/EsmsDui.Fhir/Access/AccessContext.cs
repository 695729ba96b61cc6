using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Access;

/// <summary>
/// What the caller of a request may do, from the SMART scopes of its access token. The engine asks it at every
/// interaction (writes in the resource service, whatever the path; reads where a request reads); background work,
/// CLI verbs and servers run without security are <see cref="Unrestricted"/>.
/// </summary>
public sealed class AccessContext
{
    private readonly IReadOnlyList<SmartScope>? _scopes;

    /// <summary>
    /// The scope of a platform administrator: the only callers who change the conformance resources every tenant
    /// shares (StructureDefinition, ValueSet, CodeSystem… stored once for all tenants), with resource scopes on them.
    /// </summary>
    public const string PlatformAdministratorScope = "platform/admin";

    private AccessContext(IReadOnlyList<SmartScope>? scopes, string? client, IReadOnlyList<string>? establishments, string? patient, bool platformAdministrator = false)
    {
        IsPlatformAdministrator = platformAdministrator;
        _scopes = scopes;
        Client = client;
        Establishments = establishments;
        Patient = patient;
    }

    /// <summary>No restriction: internal work, or a server configured without security.</summary>
    public static AccessContext Unrestricted { get; } = new(null, null, null, null);

    /// <summary>
    /// The access of a named system actor (a connector, a worker, a CLI verb): every type, and every usager of the
    /// tenant unless <paramref name="establishments"/> limits it to the usagers of those ESMS (Organization ids).
    /// </summary>
    public static AccessContext ForActor(string actor, IReadOnlyList<string>? establishments = null) =>
        establishments is null
            ? new(null, actor, null, null)
            : ForScopes(["system/*.cruds", $"system/{SmartScope.AuditorOnlyType}.cruds"], actor, establishments);

    /// <summary>
    /// The access of a caller holding <paramref name="scopes"/> (resource scopes only are kept), limited to the usagers
    /// of <paramref name="establishments"/> (Organization ids of ESMS) when given, and to the record of
    /// <paramref name="patient"/> when the token has a patient in context (SMART <c>launch/patient</c>).
    /// <c>patient/</c> scopes count only with a patient in context.
    /// </summary>
    public static AccessContext ForScopes(IEnumerable<string> scopes, string? client, IReadOnlyList<string>? establishments = null, string? patient = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var all = scopes.ToList();
        var parsed = all.Select(s => SmartScope.TryParse(s, out var scope) ? scope : null).OfType<SmartScope>()
            .Where(s => patient is not null || s.Context != SmartScope.PatientContext);
        return new([.. parsed], client, establishments, patient, all.Contains(PlatformAdministratorScope) && establishments is null && patient is null);
    }

    /// <summary>True for a platform administrator's token (<see cref="PlatformAdministratorScope"/>, not limited to some usagers).</summary>
    public bool IsPlatformAdministrator { get; }

    /// <summary>403 unless the caller may change the conformance resources every tenant shares.</summary>
    public void DemandSharedWrite(string resourceType)
    {
        if (!IsUnrestricted && !IsPlatformAdministrator)
        {
            throw new FhirException(FhirErrorKind.Forbidden,
                $"{resourceType} resources are shared by every tenant of this server: only a platform administrator (scope {PlatformAdministratorScope}) changes them.",
                OperationOutcome.IssueType.Forbidden);
        }
    }

    /// <summary>The client (or user) the token was issued to, for messages and audit.</summary>
    public string? Client { get; }

    /// <summary>
    /// The ESMS (Organization ids) whose usagers alone the caller reaches; null when it reaches every usager of the
    /// tenant (an organisme-level client).
    /// </summary>
    public IReadOnlyList<string>? Establishments { get; }

    /// <summary>
    /// The usager (Patient id) in context: the caller reaches that usager's record only, whatever its scopes say
    /// (SMART <c>patient/</c> scopes); null without a patient context.
    /// </summary>
    public string? Patient { get; }

    /// <summary>True when the caller reaches some usagers only (by establishment, or one usager in context).</summary>
    public bool IsLimitedToSomeUsagers => Establishments is not null || Patient is not null;

    /// <summary>True when nothing is restricted.</summary>
    public bool IsUnrestricted => _scopes is null;

    /// <summary>True when the scopes grant <paramref name="permissions"/> on <paramref name="resourceType"/>.</summary>
    public bool Allows(string resourceType, SmartPermissions permissions) =>
        _scopes is null || _scopes.Any(s => s.Grants(resourceType, permissions));

    /// <summary>True when the scopes grant <paramref name="permissions"/> on every resource type (a <c>*</c> scope and the audit trail).</summary>
    public bool AllowsEveryType(SmartPermissions permissions) => Allows("*", permissions) && Allows(SmartScope.AuditorOnlyType, permissions);

    /// <summary>403 unless the scopes grant <paramref name="permissions"/> on <paramref name="resourceType"/>.</summary>
    public void Demand(string resourceType, SmartPermissions permissions)
    {
        if (!Allows(resourceType, permissions))
        {
            throw new FhirException(FhirErrorKind.Forbidden,
                $"The access token does not allow this on {resourceType}: it needs a scope granting '{SmartScope.Letters(permissions)}' on {resourceType} (e.g. system/{resourceType}.{SmartScope.Letters(permissions)}).",
                OperationOutcome.IssueType.Forbidden);
        }
    }

    /// <summary>403 unless the scopes grant <paramref name="permissions"/> on every type.</summary>
    public void DemandEveryType(SmartPermissions permissions, string what)
    {
        if (!AllowsEveryType(permissions))
        {
            throw new FhirException(FhirErrorKind.Forbidden,
                $"{what} needs scopes granting '{SmartScope.Letters(permissions)}' on every type (e.g. system/*.{SmartScope.Letters(permissions)} system/AuditEvent.{SmartScope.Letters(permissions)}).",
                OperationOutcome.IssueType.Forbidden);
        }
    }
}
