using System.Text.RegularExpressions;

namespace EsmsDui.Server.Hosting;

/// <summary>
/// The tenants (organismes gestionnaires) the server hosts (configuration section <c>Tenancy</c>). Each has its FHIR
/// base at <c>/t/{id}/fhir</c> and sees only its own resources; <c>/fhir</c> is the default tenant.
/// </summary>
public sealed partial class TenancyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tenancy";

    /// <summary>The tenant ids (lower-case letters, digits and dashes, at most 63 characters), e.g. <c>Tenancy:Tenants:0=ehpad-du-lac</c>.</summary>
    public IList<string> Tenants { get; } = [];

    /// <summary>True when every tenant id is one (they become URL segments and storage keys).</summary>
    public bool AreValid() => Tenants.All(t => TenantId().IsMatch(t));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex TenantId();
}
