using EsmsDui.Fhir.Access;

namespace EsmsDui.Security;

/// <summary>Which of the scopes a client asks for its registration allows (SMART v2: a scope may narrow an allowed one).</summary>
public static class SmartGrant
{
    /// <summary>
    /// The scopes granted for <paramref name="requested"/> (space-separated) to a client allowed
    /// <paramref name="allowed"/>, or the reason they are refused. Backend services (client credentials) ask
    /// <c>system/</c> scopes only.
    /// </summary>
    public static (IReadOnlyList<string> Granted, string? Error) ForClientCredentials(string? requested, IReadOnlyCollection<string> allowed)
    {
        var registered = allowed.Select(a => SmartScope.TryParse(a, out var scope) ? scope : null).OfType<SmartScope>().ToList();
        var asked = (requested ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (asked.Length == 0)
        {
            return ([], "Ask for scopes (e.g. scope=system/Patient.rs): a backend service names what it needs.");
        }

        var granted = new List<string>();
        foreach (var text in asked)
        {
            if (text == AccessContext.PlatformAdministratorScope)
            {
                if (!allowed.Contains(text))
                {
                    return ([], $"'{text}' is beyond what this client is registered for.");
                }

                granted.Add(text);
                continue;
            }

            if (!SmartScope.TryParse(text, out var scope))
            {
                return ([], $"'{text}' is not a SMART resource scope this server grants (context/Type.cruds, e.g. system/Observation.rs).");
            }

            if (scope.Context != "system")
            {
                return ([], $"'{text}': a client authenticated by its own credentials gets system/ scopes only.");
            }

            if (!registered.Any(r => r.Covers(scope)))
            {
                return ([], $"'{text}' is beyond what this client is registered for ({string.Join(' ', registered)}).");
            }

            granted.Add(text);
        }

        return (granted.Distinct(StringComparer.Ordinal).ToList(), null);
    }

    /// <summary>The OpenID Connect scopes a staff application may ask besides resource scopes.</summary>
    public static readonly IReadOnlySet<string> IdentityScopes = new HashSet<string>(StringComparer.Ordinal) { "openid", "fhirUser", "profile", "offline_access", "online_access" };

    /// <summary>The SMART scope asking for a usager in context, chosen by the professional when they sign in (standalone launch).</summary>
    public const string LaunchPatient = "launch/patient";

    /// <summary>
    /// The scopes granted to a staff member signing in through <paramref name="allowed"/>'s application: OpenID
    /// Connect scopes, <c>user/</c> resource scopes its registration covers, and with <c>launch/patient</c> (the
    /// professional picks one usager) <c>patient/</c> scopes its <c>user/</c> or <c>patient/</c> registration covers.
    /// There is no EHR launch (<c>launch</c>): this server is not an EHR that launches applications.
    /// </summary>
    public static (IReadOnlyList<string> Granted, string? Error) ForUser(string? requested, IEnumerable<string> allowed)
    {
        var registered = allowed.Select(a => SmartScope.TryParse(a, out var scope) ? scope : null).OfType<SmartScope>().ToList();
        var asked = (requested ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var granted = new List<string>();
        foreach (var text in asked)
        {
            if (IdentityScopes.Contains(text) || text == LaunchPatient)
            {
                granted.Add(text);
                continue;
            }

            if (!SmartScope.TryParse(text, out var scope) || scope.Context == "system")
            {
                return ([], $"'{text}': a staff application asks user/ scopes (user/Observation.rs), patient/ scopes with launch/patient, and OpenID Connect scopes; no EHR launch here.");
            }

            if (scope.Context == SmartScope.PatientContext && !asked.Contains(LaunchPatient))
            {
                return ([], $"'{text}' needs a usager in context: ask launch/patient too (the professional picks the usager when signing in).");
            }

            if (!registered.Any(r => r.Covers(scope)))
            {
                return ([], $"'{text}' is beyond what this application is registered for ({string.Join(' ', registered)}).");
            }

            granted.Add(text);
        }

        return granted.Any(g => !IdentityScopes.Contains(g) && g != LaunchPatient)
            ? (granted.Distinct(StringComparer.Ordinal).ToList(), null)
            : ([], "Ask for user/ scopes (e.g. user/Patient.rs), or launch/patient with patient/ scopes (patient/*.rs).");
    }
}
