using System.Collections.Concurrent;

namespace EsmsDui.Security;

/// <summary>
/// Failed client authentications at the token endpoints, per client id and address, over a sliding minute: beyond
/// <see cref="SecurityOptions.FailedTokenRequestsPerMinute"/> for one client from one address the next requests of that
/// client from that address wait. Successes count for nothing, and wrong secrets sent from elsewhere do not lock out a
/// client that knows its own (a flood of requests from one address is the rate limiter's).
/// </summary>
public sealed class TokenFailures(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>Records a failed authentication of <paramref name="clientId"/> from <paramref name="address"/>.</summary>
    public void Failed(string? clientId, string address)
    {
        var now = clock.GetUtcNow();
        var queue = _failures.GetOrAdd(Key(clientId, address), _ => new ConcurrentQueue<DateTimeOffset>());
        queue.Enqueue(now);
        Trim(queue, now);

        // Keys of addresses seen once must not pile up for ever.
        if (_failures.Count > 100_000)
        {
            foreach (var (key, old) in _failures)
            {
                if (Trim(old, now) == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    /// <summary>How long <paramref name="clientId"/> from <paramref name="address"/> must wait, or null when it may try now.</summary>
    public TimeSpan? Wait(string? clientId, string address, int perMinute)
    {
        var now = clock.GetUtcNow();
        return perMinute > 0 && _failures.TryGetValue(Key(clientId, address), out var queue) && Trim(queue, now) >= perMinute && queue.TryPeek(out var oldest)
            ? oldest + Window - now
            : null;
    }

    private static string Key(string? clientId, string address) => $"{clientId}|{address}";

    private static int Trim(ConcurrentQueue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.TryPeek(out var oldest) && now - oldest > Window)
        {
            queue.TryDequeue(out _);
        }

        return queue.Count;
    }
}
