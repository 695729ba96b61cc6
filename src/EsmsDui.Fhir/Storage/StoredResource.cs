namespace EsmsDui.Fhir.Storage;

/// <summary>One stored version of a resource, as the store holds it.</summary>
/// <param name="ResourceType">The FHIR resource type.</param>
/// <param name="Id">The logical id.</param>
/// <param name="VersionId">The version, 1 for the first.</param>
/// <param name="LastUpdated">When this version was written (UTC, millisecond precision).</param>
/// <param name="Method">The interaction that produced this version.</param>
/// <param name="Json">The resource as UTF-8 JSON with its final <c>meta</c>; empty for a deletion.</param>
public sealed record StoredResource(
    string ResourceType,
    string Id,
    int VersionId,
    DateTimeOffset LastUpdated,
    WriteMethod Method,
    ReadOnlyMemory<byte> Json)
{
    /// <summary>True when this version records a deletion.</summary>
    public bool IsDeleted => Method == WriteMethod.Delete;
}
