using EsmsDui.Connectors.Records;
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
    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken) =>
        OutboxLoop.RunAsync(
            scopes, "mssante-outbox", [.. mailboxes.All.Select(m => m.Tenant).Distinct(StringComparer.Ordinal)], signal, options.Value.PollInterval, clock,
            (services, token) => services.GetRequiredService<MsSanteOutbox>().DeliverDueAsync(token), exception => LogFailed(logger, exception), stoppingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "The MSSanté outbox pass failed; it runs again at the next poll")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
