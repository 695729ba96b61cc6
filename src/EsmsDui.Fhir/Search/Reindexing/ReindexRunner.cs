using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Fhir.Search.Reindexing;

/// <summary>
/// Runs the reindex job in the background for the <c>$reindex</c> operation: one job at a time, its progress
/// readable while it runs and after.
/// </summary>
public sealed class ReindexRunner(IServiceScopeFactory scopes) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    /// <summary>True while a job runs.</summary>
    public bool IsRunning => _running is { IsCompleted: false };

    /// <summary>Starts the job unless one runs; true when this call started it.</summary>
    public bool Start(bool restart)
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                return false;
            }

            _running = Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReindexService>().RunAsync(restart, null, _stopping.Token);
            });
            return true;
        }
    }

    /// <summary>The job's progress as <c>Parameters</c>: status, position, processed, total, failed and times.</summary>
    public async Task<Parameters> StatusAsync(CancellationToken cancellationToken)
    {
        // The job is looked at before its progress: read the other way round, a job ending in between would show
        // its last unfinished progress without running any more, and look stopped.
        var job = _running;
        var running = job is { IsCompleted: false };
        await using var scope = scopes.CreateAsyncScope();
        var progress = await scope.ServiceProvider.GetRequiredService<ReindexService>().ProgressAsync(cancellationToken);
        var status = running ? "running" : job is { IsFaulted: true } ? "failed" : progress switch
        {
            null => "never-run",
            { IsFinished: true } => "finished",
            _ => "stopped",
        };
        var parameters = new Parameters();
        parameters.Add("status", new Code(status));
        if (!running && job is { IsFaulted: true, Exception: { } error })
        {
            parameters.Add("error", new FhirString(error.GetBaseException().Message));
        }

        if (progress is not null)
        {
            parameters.Add("position", new FhirDecimal(progress.Position));
            parameters.Add("processed", Count(progress.Processed));
            parameters.Add("total", Count(progress.Total));
            parameters.Add("failed", Count(progress.Failed));
            parameters.Add("startedAt", new FhirDateTime(progress.StartedAt));
            parameters.Add("updatedAt", new FhirDateTime(progress.UpdatedAt));
            if (progress.FinishedAt is { } finished)
            {
                parameters.Add("finishedAt", new FhirDateTime(finished));
            }

            parameters.Add("percent", new FhirDecimal(progress.Total == 0 ? 100m : Math.Round(100m * progress.Processed / progress.Total, 1)));
        }

        return parameters;
    }

    // R4 has no 64-bit integer; counts beyond 2^31 are not expected of one server.
    private static Integer Count(long value) => new((int)Math.Min(value, int.MaxValue));

    /// <summary>Asks a running job to stop; its progress is kept for a later resume.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
