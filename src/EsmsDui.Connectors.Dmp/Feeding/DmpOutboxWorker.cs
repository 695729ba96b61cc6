using EsmsDui.Connectors.Records;
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
    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken) =>
        OutboxLoop.RunAsync(
            scopes, "dmp-outbox", options.Value.RepositoryEndpoint is null ? [] : options.Value.Tenants, signal, options.Value.PollInterval, clock,
            (services, token) => services.GetRequiredService<DmpOutbox>().DeliverDueAsync(token), exception => LogFailed(logger, exception), stoppingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "The DMP outbox pass failed; it runs again at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
