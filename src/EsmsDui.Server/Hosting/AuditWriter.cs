using EsmsDui.Fhir.Audit;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Resources;

namespace EsmsDui.Server.Hosting;

/// <summary>
/// Empties the audit queue: the events of each tenant stored as AuditEvent resources, a batch per transaction,
/// through the same write path as any resource (indexed, searchable by auditors).
/// </summary>
internal sealed partial class AuditWriter(AuditTrail trail, IServiceScopeFactory scopes, ILogger<AuditWriter> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = trail.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<AuditRecord>(BatchSize);
                while (batch.Count < BatchSize && reader.TryRead(out var record))
                {
                    batch.Add(record);
                }

                foreach (var tenant in batch.GroupBy(r => r.Tenant))
                {
                    await WriteAsync(tenant.Key, [.. tenant], stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var rest = new List<AuditRecord>();
        while (trail.Reader.TryRead(out var record))
        {
            rest.Add(record);
        }

        foreach (var tenant in rest.GroupBy(r => r.Tenant))
        {
            await WriteAsync(tenant.Key, [.. tenant], cancellationToken);
        }
    }

    private async Task WriteAsync(string tenant, List<AuditRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateEngineScope(EngineActor.System("audit-writer", tenant));
            var engine = scope.ServiceProvider.GetRequiredService<IFhirEngine>();
            var session = new WriteSession(isTransaction: true) { ForAuditTrail = true };
            foreach (var record in records)
            {
                await engine.CreateAsync(AuditEventFactory.Build(record), session, cancellationToken);
            }

            await engine.CommitAsync(session, underIfMatch: false, cancellationToken);
        }
#pragma warning disable CA1031 // The trail must survive a failed batch; the failure is logged with its size.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, records.Count);
        }
        finally
        {
            trail.Handled(records.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit events could not be stored")]
    private static partial void LogFailed(ILogger logger, Exception exception, int count);
}
