using EsmsDui.Fhir.Storage;
namespace EsmsDui.Fhir.Search.Reindexing;

/// <summary>The storage side of reindexing: current versions in storage order, their index rows, the job's progress.</summary>
public interface IReindexStore
{
    /// <summary>Up to <paramref name="count"/> current, non-deleted versions after storage position <paramref name="after"/>.</summary>
    Task<IReadOnlyList<IndexedVersion>> ReadAsync(long after, int count, CancellationToken cancellationToken);

    /// <summary>Replaces every index row of the given versions, in one transaction.</summary>
    Task ReplaceAsync(IReadOnlyList<(long Position, SearchIndexEntries Index)> versions, CancellationToken cancellationToken);

    /// <summary>How many current, non-deleted versions there are after a position.</summary>
    Task<long> CountAsync(long after, CancellationToken cancellationToken);

    /// <summary>The saved progress of the reindex job, or null when it never ran.</summary>
    Task<ReindexProgress?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Saves the progress of the reindex job.</summary>
    Task SaveAsync(ReindexProgress progress, CancellationToken cancellationToken);
}

/// <summary>A stored version to reindex.</summary>
/// <param name="Position">Its storage position (version row id).</param>
/// <param name="Json">The resource as UTF-8 JSON.</param>
public sealed record IndexedVersion(long Position, ReadOnlyMemory<byte> Json);

/// <summary>Where the reindex job is: resumable from <see cref="Position"/>.</summary>
/// <param name="Position">The last storage position reindexed.</param>
/// <param name="Processed">Versions reindexed so far.</param>
/// <param name="Total">Versions to reindex in all (processed + remaining when last counted).</param>
/// <param name="StartedAt">When the job started.</param>
/// <param name="UpdatedAt">When the progress was last saved.</param>
/// <param name="FinishedAt">When it finished, or null while it runs or after it was stopped.</param>
/// <param name="Failed">Resources whose body could not be read and kept their old index rows.</param>
public sealed record ReindexProgress(long Position, long Processed, long Total, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt, long Failed)
{
    /// <summary>True once every current version was reindexed.</summary>
    public bool IsFinished => FinishedAt is not null;
}
