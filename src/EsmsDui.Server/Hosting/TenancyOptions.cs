namespace EsmsDui.Server.Hosting;

/// <summary>
/// The tenants (organismes gestionnaires) the server hosts (configuration section <c>Tenancy</c>). Each has its FHIR
/// base at <c>/t/{id}/fhir</c> and sees only its own resources; <c>/fhir</c> is the default tenant.
/// </summary>
public sealed class TenancyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tenancy";

    /// <summary>The tenant ids (lower-case letters, digits and dashes, at most 63 characters), e.g. <c>Tenancy:Tenants:0=ehpad-du-lac</c>.</summary>
    public IList<string> Tenants { get; } = [];
}
