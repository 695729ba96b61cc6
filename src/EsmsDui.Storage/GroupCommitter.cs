using System.Threading.Channels;
using EsmsDui.Fhir.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Storage;

/// <summary>
/// Group commit: the write batches of concurrent requests are applied by one writer in a single database
/// transaction, each inside its own savepoint. A batch that loses a race is rolled back to its savepoint and
/// fails alone; the others commit together, so the cost of a commit (WAL append, fsync) is shared. If the
/// group transaction itself fails (a deadlock with another node, say), every batch is retried on its own.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchesPerGroup = 64;

    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<PendingCommit> _queue = Channel.CreateUnbounded<PendingCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Starts the writer loop.</summary>
    public GroupCommitter(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Commits one batch atomically; completes when it is durable, or throws (e.g. <see cref="VersionConflictException"/>).</summary>
    public Task CommitAsync(IReadOnlyList<ResourceWrite> writes)
    {
        var pending = new PendingCommit(writes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Done.Task
            : throw new InvalidOperationException("The storage is shutting down.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingCommit>(MaxBatchesPerGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxBatchesPerGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
            }

            await CommitGroupAsync(group);
            group.Clear();
        }
    }

    private async Task CommitGroupAsync(List<PendingCommit> group)
    {
        var outcomes = new Exception?[group.Count];
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = group.Count > 1;
                if (savepoint)
                {
                    await transaction.CreateSavepointAsync("batch");
                }

                try
                {
                    await VersionWriter.ApplyAsync(db, group[i].Writes, CancellationToken.None);
                }
                catch (VersionConflictException conflict) when (savepoint)
                {
                    await transaction.RollbackToSavepointAsync("batch");
                    outcomes[i] = conflict;
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex) when (group.Count > 1 && ex is not OutOfMemoryException)
        {
            await CommitOneByOneAsync(group);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            group[0].Done.TrySetException(ex);
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i] is { } failure)
            {
                group[i].Done.TrySetException(failure);
            }
            else
            {
                group[i].Done.TrySetResult();
            }
        }
    }

    private async Task CommitOneByOneAsync(List<PendingCommit> group)
    {
        foreach (var pending in group)
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<EsmsDuiDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await VersionWriter.ApplyAsync(db, pending.Writes, CancellationToken.None);
                await transaction.CommitAsync();
                pending.Done.TrySetResult();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private sealed record PendingCommit(IReadOnlyList<ResourceWrite> Writes, TaskCompletionSource Done);
}
