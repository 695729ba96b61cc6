namespace EsmsDui.Fhir.Storage;

/// <summary>A new version to store.</summary>
/// <param name="ResourceType">The FHIR resource type.</param>
/// <param name="Id">The logical id.</param>
/// <param name="VersionId">The new version; the previous one (VersionId - 1) must be current.</param>
/// <param name="LastUpdated">The time of the write (UTC, millisecond precision).</param>
/// <param name="Method">The interaction.</param>
/// <param name="Json">UTF-8 JSON of the resource with its final meta; empty for a deletion.</param>
/// <param name="Index">The search index values of the new version (none for a deletion).</param>
public sealed record ResourceWrite(
    string ResourceType,
    string Id,
    int VersionId,
    DateTimeOffset LastUpdated,
    WriteMethod Method,
    ReadOnlyMemory<byte> Json,
    SearchIndexEntries? Index)
{
    /// <summary>The storage tenant of the row (<see cref="Tenancy.TenantContext"/>).</summary>
    public string TenantId { get; init; } = Tenancy.TenantContext.Default;
}
