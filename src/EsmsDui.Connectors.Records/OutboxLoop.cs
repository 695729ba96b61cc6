using EsmsDui.Fhir.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Connectors.Records;

/// <summary>
/// The loop of a connector's outbox worker: a pass per tenant under a named system actor, then a wait until the
/// next sending is due, a signal wakes it, or the poll interval ends. A failed pass is reported and never stops it.
/// </summary>
public static class OutboxLoop
{
    /// <summary>Runs passes until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="scopes">Scopes for the engine.</param>
    /// <param name="actor">The system actor's name (<c>dmp-outbox</c>…).</param>
    /// <param name="tenants">The tenants to serve.</param>
    /// <param name="signal">Wakes the loop when a sending is recorded.</param>
    /// <param name="pollInterval">The longest wait.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="pass">One pass in a tenant's scope; answers when the next sending is due (null: none waits).</param>
    /// <param name="failed">Reports a failed pass.</param>
    /// <param name="stoppingToken">Stops the loop.</param>
    public static async Task RunAsync(
        IServiceScopeFactory scopes, string actor, IReadOnlyList<string> tenants, OutboxSignal signal, TimeSpan pollInterval, TimeProvider clock,
        Func<IServiceProvider, CancellationToken, Task<DateTimeOffset?>> pass, Action<Exception> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(failed);
        while (tenants.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            var wait = pollInterval;
            foreach (var tenant in tenants.Distinct(StringComparer.Ordinal))
            {
                try
                {
                    await using var scope = scopes.CreateEngineScope(EngineActor.System(actor, tenant));
                    if (await pass(scope.ServiceProvider, stoppingToken) is { } next)
                    {
                        var until = next - clock.GetUtcNow();
                        wait = until < wait ? (until > TimeSpan.Zero ? until : TimeSpan.FromMilliseconds(100)) : wait;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The worker outlives any failure (database away, a bug on one sending): reported, tried again later.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failed(exception);
                }
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
