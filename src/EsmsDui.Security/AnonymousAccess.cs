using System.Net;

namespace EsmsDui.Security;

/// <summary>Anonymous access (<c>Security:Enabled=false</c>) is for scripts and tests on one machine: loopback only.</summary>
public static class AnonymousAccess
{
    /// <summary>The addresses among <paramref name="addresses"/> (e.g. <c>http://0.0.0.0:8080</c>) that are not loopback.</summary>
    public static IReadOnlyList<string> NotLoopback(IEnumerable<string> addresses) =>
        [.. addresses.Where(a => !IsLoopback(a))];

    private static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
