using EsmsDui.Fhir.Access;

namespace EsmsDui.Server.IntegrationTests.Security.Disclosure;

/// <summary>A generated client: SMART scopes, a tenant, the ESMS it is limited to and the usager in context, if any.</summary>
internal sealed record Caller(string Scopes, string Tenant, string[]? Establishments, string? Patient)
{
    private static readonly string[] ScopeSets =
    [
        "system/*.rs", "system/*.cruds", "system/*.cud", "system/Patient.rs", "system/Patient.rs system/Observation.rs",
        "system/Observation.cruds system/Condition.rs", "system/*.rs system/AuditEvent.rs", "system/AuditEvent.rs",
        "system/ValueSet.rs system/CodeSystem.rs", "user/*.cruds", "user/Patient.rs user/Encounter.cruds",
        "patient/*.rs", "patient/*.cruds", "patient/Observation.rs patient/Patient.rs", "system/*.cruds platform/admin",
    ];

    private static readonly string[] BroadScopeSets = ["system/*.rs", "system/*.cruds", "user/*.cruds", "patient/*.cruds", "system/*.rs system/AuditEvent.rs"];

    private static readonly string[]?[] EstablishmentSets =
        [null, [DisclosureWorld.EsmsA], [DisclosureWorld.EsmsB], [DisclosureWorld.EsmsA, DisclosureWorld.EsmsB], ["pp-nowhere"]];

    private static readonly string?[] Patients = [null, "pp-a1", "pp-b2", "pp-n", "pp-unknown"];

    /// <summary>The access the token middleware would make of this client's token.</summary>
    public AccessContext Access { get; } = AccessContext.ForScopes(Scopes.Split(' '), "pp-client", Establishments, Patient);

    /// <summary>A client drawn from scopes × tenants × establishments × usager contexts.</summary>
    public static Caller Draw(Random random)
    {
        // A usager in context mostly with patient/ scopes (a token has one with launch/patient only), rarely otherwise.
        // Half of the clients have broad scopes, so that what they are refused is their reach, not their types.
        var scopes = random.Next(2) == 0 ? BroadScopeSets[random.Next(BroadScopeSets.Length)] : ScopeSets[random.Next(ScopeSets.Length)];
        var patient = scopes.Contains("patient/", StringComparison.Ordinal) || random.Next(5) == 0 ? Patients[random.Next(Patients.Length)] : null;
        return new(scopes, DisclosureWorld.Tenants[random.Next(DisclosureWorld.Tenants.Length)], EstablishmentSets[random.Next(EstablishmentSets.Length)], patient);
    }

    public override string ToString() =>
        $"[{Scopes}] tenant '{Tenant}' esms [{string.Join(',', Establishments ?? ["*"])}] usager {Patient ?? "-"}";
}
