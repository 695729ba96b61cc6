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
    public static (IReadOnlyList<string> Granted, string? Error) ForClientCredentials(string? requested, IEnumerable<string> allowed)
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

    /// <summary>
    /// The scopes granted to a staff member signing in through <paramref name="allowed"/>'s application: OpenID
    /// Connect scopes, and <c>user/</c> resource scopes its registration covers. No EHR launch here, hence no
    /// <c>launch</c> nor <c>patient/</c> scopes.
    /// </summary>
    public static (IReadOnlyList<string> Granted, string? Error) ForUser(string? requested, IEnumerable<string> allowed)
    {
        var registered = allowed.Select(a => SmartScope.TryParse(a, out var scope) ? scope : null).OfType<SmartScope>().ToList();
        var granted = new List<string>();
        foreach (var text in (requested ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IdentityScopes.Contains(text))
            {
                granted.Add(text);
                continue;
            }

            if (!SmartScope.TryParse(text, out var scope) || scope.Context != "user")
            {
                return ([], $"'{text}': a staff application asks user/ scopes (user/Observation.rs) and OpenID Connect scopes; no EHR launch here.");
            }

            if (!registered.Any(r => r.Covers(scope)))
            {
                return ([], $"'{text}' is beyond what this application is registered for ({string.Join(' ', registered)}).");
            }

            granted.Add(text);
        }

        return granted.Any(g => !IdentityScopes.Contains(g))
            ? (granted.Distinct(StringComparer.Ordinal).ToList(), null)
            : ([], "Ask for user/ scopes (e.g. user/Patient.rs).");
    }
}
