using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Storage;
using Microsoft.Extensions.Logging;

namespace EsmsDui.Fhir.Search.Reindexing;

/// <summary>
/// Rebuilds the search index of every current resource, in batches, after search parameters changed (a new
/// server version, a package added). Progress is saved after each batch, so a stopped job resumes where it was.
/// </summary>
public sealed partial class ReindexService(IReindexStore store, SearchIndexer indexer, FhirSerializer serializer, TimeProvider clock, ILogger<ReindexService> logger)
{
    /// <summary>Versions per batch (one transaction each).</summary>
    public const int BatchSize = 500;

    /// <summary>Runs the job to its end, resuming unless <paramref name="restart"/>; reports progress after each batch.</summary>
    public async Task<ReindexProgress> RunAsync(bool restart, IProgress<ReindexProgress>? progress, CancellationToken cancellationToken)
    {
        var saved = restart ? null : await store.LoadAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var state = saved is { IsFinished: false }
            ? saved with { Total = saved.Processed + await store.CountAsync(saved.Position, cancellationToken) }
            : new ReindexProgress(0, 0, await store.CountAsync(0, cancellationToken), now, now, null, 0);
        await store.SaveAsync(state, cancellationToken);
        while (true)
        {
            var batch = await store.ReadAsync(state.Position, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var indexed = new List<(long, SearchIndexEntries)>(batch.Count);
            var failed = 0;
            foreach (var version in batch)
            {
                try
                {
                    indexed.Add((version.Position, indexer.Extract(serializer.ParseJson(version.Json.Span))));
                }
                catch (FhirException)
                {
                    // A body this version of the parser refuses keeps its old rows; the count says how many.
                    failed++;
                    LogUnreadable(logger, version.Position);
                }
            }

            await store.ReplaceAsync(indexed, cancellationToken);
            state = state with
            {
                Position = batch[^1].Position,
                Processed = state.Processed + batch.Count,
                Total = Math.Max(state.Total, state.Processed + batch.Count),
                Failed = state.Failed + failed,
                UpdatedAt = clock.GetUtcNow(),
            };
            await store.SaveAsync(state, cancellationToken);
            progress?.Report(state);
        }

        state = state with { FinishedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() };
        await store.SaveAsync(state, cancellationToken);
        progress?.Report(state);
        return state;
    }

    /// <summary>The saved progress, or null when the job never ran.</summary>
    public Task<ReindexProgress?> ProgressAsync(CancellationToken cancellationToken) => store.LoadAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reindex: the body stored at position {Position} could not be read; its index rows were kept.")]
    private static partial void LogUnreadable(ILogger logger, long position);
}
