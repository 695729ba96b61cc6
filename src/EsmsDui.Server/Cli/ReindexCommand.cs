using System.Globalization;
using EsmsDui.Fhir.Search.Reindexing;

namespace EsmsDui.Server.Cli;

/// <summary>The <c>reindex</c> verb: runs the reindex job to its end and prints its progress.</summary>
internal static class ReindexCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, bool restart, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var lastReport = DateTimeOffset.MinValue;
        var progress = new SynchronousProgress(p =>
        {
            // One line every few seconds is enough to follow a long run.
            if (p.IsFinished || DateTimeOffset.UtcNow - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = DateTimeOffset.UtcNow;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reindexed {p.Processed} of {p.Total} (position {p.Position}, {p.Failed} unreadable)"));
            }
        });
        var result = await scope.ServiceProvider.GetRequiredService<ReindexService>().RunAsync(restart, progress, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Reindex finished: {result.Processed} resource(s), {result.Failed} unreadable."));
        return result.Failed == 0 ? 0 : 1;
    }

    // Progress<T> posts to the thread pool; the verb wants its lines in order, now.
    private sealed class SynchronousProgress(Action<ReindexProgress> report) : IProgress<ReindexProgress>
    {
        public void Report(ReindexProgress value) => report(value);
    }
}
