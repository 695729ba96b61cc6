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
}
