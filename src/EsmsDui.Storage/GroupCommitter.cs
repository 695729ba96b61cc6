using System.Threading.Channels;
using EsmsDui.Fhir.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EsmsDui.Storage;

/// <summary>
/// Group commit for SQLite, which has one writer at a time: the write batches of concurrent requests are
/// applied by one writer, on its own connection, in a single transaction, each batch inside its savepoint.
/// A batch that loses a race is rolled back to its savepoint and fails alone; the others commit together, so
/// the cost of a commit is shared. If the group transaction itself fails, each batch is retried on its own.
/// </summary>
public sealed class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchesPerGroup = 64;

    private readonly string _connectionString;
    private readonly Channel<PendingCommit> _queue = Channel.CreateUnbounded<PendingCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private SqliteVersionWriter? _connection;

    /// <summary>Starts the writer loop (it connects on the first write, after migrations).</summary>
    public GroupCommitter(IOptions<DatabaseOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = StorageServiceCollectionExtensions.SqliteConnectionString(options.Value);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Commits one batch atomically; completes when it is committed, or throws (e.g. <see cref="VersionConflictException"/>).</summary>
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
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
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

            try
            {
                await CommitGroupAsync(group);
            }
            catch (Exception ex) when (group.Count > 1 && ex is not OutOfMemoryException)
            {
                await ResetConnectionAsync();
                foreach (var pending in group)
                {
                    await CommitAloneAsync(pending);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await ResetConnectionAsync();
                group[0].Done.TrySetException(ex);
            }

            group.Clear();
        }
    }

    private async Task CommitGroupAsync(List<PendingCommit> group)
    {
        var writer = _connection ??= await SqliteVersionWriter.OpenAsync(_connectionString);
        var outcomes = new Exception?[group.Count];
        await using (var transaction = (SqliteTransaction)await writer.Connection.BeginTransactionAsync())
        {
            for (var i = 0; i < group.Count; i++)
            {
                await transaction.SaveAsync("batch");
                try
                {
                    await writer.ApplyAsync(transaction, group[i].Writes);
                    await transaction.ReleaseAsync("batch");
                }
                catch (VersionConflictException conflict)
                {
                    await transaction.RollbackAsync("batch");
                    await transaction.ReleaseAsync("batch");
                    outcomes[i] = conflict;
                }
            }

            await transaction.CommitAsync();
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

    private async Task CommitAloneAsync(PendingCommit pending)
    {
        try
        {
            await CommitGroupAsync([pending]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await ResetConnectionAsync();
            pending.Done.TrySetException(ex);
        }
    }

    private async Task ResetConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private sealed record PendingCommit(IReadOnlyList<ResourceWrite> Writes, TaskCompletionSource Done);
}
