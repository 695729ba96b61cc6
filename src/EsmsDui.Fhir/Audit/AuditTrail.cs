using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Audit;

/// <summary>
/// Where requests leave their <see cref="AuditRecord"/>: a bounded queue that a background writer empties in
/// batches, so that a read does not pay for a write. Nothing is dropped: a full queue makes callers wait.
/// </summary>
public sealed class AuditTrail(IOptions<AuditOptions> options)
{
    private readonly Channel<AuditRecord> _queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _queued;
    private long _written;

    /// <summary>True when events are recorded.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>Queues an event (waits while the queue is full).</summary>
    public ValueTask RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return ValueTask.CompletedTask;
        }

        Interlocked.Increment(ref _queued);
        return _queue.Writer.WriteAsync(record, cancellationToken);
    }

    /// <summary>The queue the writer reads.</summary>
    public ChannelReader<AuditRecord> Reader => _queue.Reader;

    /// <summary>Called by the writer once <paramref name="count"/> events are stored (or failed and were logged).</summary>
    public void Handled(int count) => Interlocked.Add(ref _written, count);

    /// <summary>Waits until every event queued before the call is handled by the writer (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (Interlocked.Read(ref _written) < target)
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
