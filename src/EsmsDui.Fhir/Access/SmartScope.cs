using System.Diagnostics.CodeAnalysis;
using EsmsDui.Fhir.Primitives;

namespace EsmsDui.Fhir.Access;

/// <summary>
/// One SMART App Launch scope on FHIR resources: <c>system/Patient.rs</c>, <c>user/*.cruds</c>, and the v1 forms
/// <c>system/Observation.read</c>, <c>user/*.write</c>, <c>*.*</c>.
/// </summary>
/// <param name="Context">patient, user or system.</param>
/// <param name="ResourceType">A resource type, or <c>*</c> for every type.</param>
/// <param name="Permissions">What the scope grants on it.</param>
public sealed record SmartScope(string Context, string ResourceType, SmartPermissions Permissions)
{
    /// <summary>The three contexts of SMART v2.</summary>
    public static readonly IReadOnlySet<string> Contexts = new HashSet<string>(StringComparer.Ordinal) { PatientContext, "user", "system" };

    /// <summary>The context of scopes on the record of the usager in context (<c>patient/Observation.rs</c>).</summary>
    public const string PatientContext = "patient";

    /// <summary>
    /// Reads a scope; false for what is not a resource scope (<c>openid</c>, <c>launch</c>, <c>offline_access</c>…)
    /// or is malformed. Granular v2 scopes (<c>?category=…</c>) are not read: they would grant less than they say.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SmartScope? scope)
    {
        scope = null;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var dot = text?.LastIndexOf('.') ?? -1;
        if (text is null || slash < 1 || dot < slash + 2 || text.Contains('?', StringComparison.Ordinal))
        {
            return false;
        }

        var context = text[..slash];
        var type = text[(slash + 1)..dot];
        var permissions = PermissionsOf(text[(dot + 1)..]);
        if (!Contexts.Contains(context) || permissions == SmartPermissions.None || !(type == "*" || ResourceIds.IsKnownType(type)))
        {
            return false;
        }

        scope = new SmartScope(context, type, permissions);
        return true;
    }

    /// <summary>The type only a scope naming it reaches: the audit trail is for auditors, not for every <c>*</c>.</summary>
    public const string AuditorOnlyType = "AuditEvent";

    /// <summary>True when this scope grants <paramref name="permissions"/> on <paramref name="resourceType"/>.</summary>
    public bool Grants(string resourceType, SmartPermissions permissions) =>
        ((ResourceType == "*" && resourceType != AuditorOnlyType) || ResourceType == resourceType) && (Permissions & permissions) == permissions;

    /// <summary>
    /// True when everything <paramref name="other"/> grants, this scope grants too: same context, or a
    /// <c>user/</c> scope and a <c>patient/</c> one (one usager's record is part of what the user reaches). A
    /// <c>*</c> scope covers no scope naming the audit trail, as it grants nothing on it.
    /// </summary>
    public bool Covers(SmartScope other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return (Context == other.Context || (Context == "user" && other.Context == PatientContext))
            && ((ResourceType == "*" && other.ResourceType != AuditorOnlyType) || ResourceType == other.ResourceType)
            && (Permissions & other.Permissions) == other.Permissions;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Context}/{ResourceType}.{Letters(Permissions)}";

    /// <summary>The v2 letters of permissions, in the canonical order <c>cruds</c>.</summary>
    public static string Letters(SmartPermissions permissions) => string.Concat(
        permissions.HasFlag(SmartPermissions.Create) ? "c" : string.Empty,
        permissions.HasFlag(SmartPermissions.Read) ? "r" : string.Empty,
        permissions.HasFlag(SmartPermissions.Update) ? "u" : string.Empty,
        permissions.HasFlag(SmartPermissions.Delete) ? "d" : string.Empty,
        permissions.HasFlag(SmartPermissions.Search) ? "s" : string.Empty);

    // v2 letters must come in the order c, r, u, d, s, each at most once; v1 read/write/* map onto them.
    private static SmartPermissions PermissionsOf(string text)
    {
        switch (text)
        {
            case "read":
                return SmartPermissions.Read | SmartPermissions.Search;
            case "write":
                return SmartPermissions.Create | SmartPermissions.Update | SmartPermissions.Delete;
            case "*":
                return SmartPermissions.All;
        }

        var permissions = SmartPermissions.None;
        var last = -1;
        foreach (var letter in text)
        {
            var index = "cruds".IndexOf(letter, StringComparison.Ordinal);
            if (index <= last)
            {
                return SmartPermissions.None;
            }

            last = index;
            permissions |= (SmartPermissions)(1 << index);
        }

        return permissions;
    }
}
