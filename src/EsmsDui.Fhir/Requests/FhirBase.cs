namespace EsmsDui.Fhir.Requests;

/// <summary>
/// Where the FHIR bases are: <c>/fhir</c> for the default tenant, <c>/t/{tenant}/fhir</c> for each other. The one
/// place that knows the URL shape: the HTTP edge, the token check, the SMART configuration and sign-in ask here.
/// </summary>
public static class FhirBase
{
    /// <summary>The default tenant's base path.</summary>
    public const string Path = "/fhir";

    /// <summary>The route template of a tenant's base path.</summary>
    public const string TenantRoute = "/t/{tenant}" + Path;

    /// <summary>The base path of <paramref name="tenant"/> (the default tenant's is <see cref="Path"/>).</summary>
    public static string PathOf(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.Length == 0 ? Path : $"/t/{tenant}{Path}";
    }

    /// <summary>
    /// The tenant (empty for <c>/fhir</c>) and the path under the base, without slashes at either end, of a request
    /// path; null when it is under no FHIR base. Literal segments match without regard to case, as routing matches them,
    /// so that no spelling reaches the endpoints unchecked.
    /// </summary>
    public static (string Tenant, string Relative)? Split(string? path)
    {
        var rest = (path ?? string.Empty).TrimStart('/');
        if (After(rest, "t") is { } afterT && afterT.IndexOf('/', StringComparison.Ordinal) is > 0 and var end
            && After(afterT[(end + 1)..], "fhir") is { } underTenant)
        {
            return (afterT[..end], underTenant.Trim('/'));
        }

        return After(rest, "fhir") is { } under ? (string.Empty, under.Trim('/')) : null;
    }

    // What follows the first segment of a path and its slash when that segment is the literal (without regard to case), or null.
    private static string? After(string path, string literal) =>
        !path.StartsWith(literal, StringComparison.OrdinalIgnoreCase) ? null
        : path.Length == literal.Length ? string.Empty
        : path[literal.Length] == '/' ? path[(literal.Length + 1)..]
        : null;
}
