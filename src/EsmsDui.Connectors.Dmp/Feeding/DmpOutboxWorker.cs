using EsmsDui.Fhir.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.Dmp.Feeding;

/// <summary>
/// Runs the DMP outbox in the background while a DMP is configured: at start (feedings left in doubt by a stop are
/// settled), when a feeding is recorded, when the next attempt is due, and at least every poll interval. A failure
/// is logged and never stops it.
/// </summary>
public sealed partial class DmpOutboxWorker(
    IServiceScopeFactory scopes, DmpOutboxSignal signal, IOptions<DmpOptions> options, TimeProvider clock, ILogger<DmpOutboxWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (settings.RepositoryEndpoint is not null && !stoppingToken.IsCancellationRequested)
        {
            var wait = settings.PollInterval;
            foreach (var tenant in settings.Tenants.Distinct(StringComparer.Ordinal))
            {
                try
                {
                    await using var scope = scopes.CreateEngineScope(EngineActor.System("dmp-outbox", tenant));
                    if (await scope.ServiceProvider.GetRequiredService<DmpOutbox>().DeliverDueAsync(stoppingToken) is { } next)
                    {
                        var until = next - clock.GetUtcNow();
                        wait = until < wait ? (until > TimeSpan.Zero ? until : TimeSpan.FromMilliseconds(100)) : wait;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The worker outlives any failure (database away, a bug on one feeding): logged, tried again later.
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The DMP outbox pass failed; it runs again at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
