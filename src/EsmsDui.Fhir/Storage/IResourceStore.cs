namespace EsmsDui.Fhir.Storage;

/// <summary>The persistence port of the engine: versioned resources, written atomically in batches.</summary>
public interface IResourceStore
{
    /// <summary>The newest version of a resource (a deletion included), or null if it never existed.</summary>
    Task<StoredResource?> ReadCurrentAsync(string resourceType, string id, CancellationToken cancellationToken);

    /// <summary>One version of a resource, or null.</summary>
    Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes every version atomically: all or nothing. A write of version N (N &gt; 1) requires version N-1 to be
    /// current; version 1 requires that the resource does not exist. Any other state throws
    /// <see cref="VersionConflictException"/> and nothing is written.
    /// </summary>
    Task CommitAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken);

    /// <summary>A page of history, newest first.</summary>
    Task<HistoryPage> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken);
}
