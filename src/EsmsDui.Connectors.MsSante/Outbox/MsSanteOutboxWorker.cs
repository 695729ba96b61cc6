using EsmsDui.Fhir.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// Runs the outbox in the background while a mailbox is configured: at start (sendings left in doubt by a stop
/// are taken up), when a sending is recorded, when the next attempt is due, and at least every poll interval.
/// A failure is logged and never stops it.
/// </summary>
public sealed partial class MsSanteOutboxWorker(
    IServiceScopeFactory scopes, MsSanteOutboxSignal signal, MsSanteMailboxes mailboxes, IOptions<MsSanteOptions> options, TimeProvider clock, ILogger<MsSanteOutboxWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tenants = mailboxes.All.Select(m => m.Tenant).Distinct(StringComparer.Ordinal).ToList();
        while (tenants.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            foreach (var tenant in tenants)
            {
                try
                {
                    await using var scope = scopes.CreateEngineScope(EngineActor.System("mssante-outbox", tenant));
                    if (await scope.ServiceProvider.GetRequiredService<MsSanteOutbox>().DeliverDueAsync(stoppingToken) is { } next)
                    {
                        var until = next - clock.GetUtcNow();
                        wait = until < wait ? (until > TimeSpan.Zero ? until : TimeSpan.FromMilliseconds(100)) : wait;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The worker outlives any failure (database away, a bug on one sending): logged, tried again later.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    LogFailed(logger, exception);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The MSSanté outbox pass failed; it runs again at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
