using System.Diagnostics;
using System.Globalization;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.Cli;

/// <summary>
/// Loads Bundles and NDJSON files (the way a user migrates from a previous DUI). Resources go in
/// transactions of <see cref="ChunkSize"/>; a chunk that fails is replayed as a batch so that each bad
/// resource is reported and the good ones are kept.
/// </summary>
internal sealed class ImportCommand(IServiceProvider services, TextWriter progress)
{
    private const int ChunkSize = 500;
    private const string BaseUrl = "http://localhost" + FhirBase.Path;

    private readonly FhirSerializer _serializer = services.GetRequiredService<FhirSerializer>();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _resources;
    private long _errors;
    private TimeSpan _lastProgress;

    public async Task<int> RunAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var files = ImportFiles.Expand(paths, out var missing);
        foreach (var path in missing)
        {
            await ReportAsync($"{path}: no such file or folder");
        }

        foreach (var file in files)
        {
            try
            {
                await ImportFileAsync(file, cancellationToken);
            }
            catch (FhirException ex)
            {
                await ReportAsync($"{file}: {ex.Message}");
            }
            catch (IOException ex)
            {
                await ReportAsync($"{file}: {ex.Message}");
            }
        }

        await services.GetRequiredService<DatabaseMigrator>().UpdateStatisticsAsync(cancellationToken);
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        await progress.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"\nImported {_resources} resources from {files.Count} files in {seconds:F1} s ({_resources / seconds:F0} resources/s); {_errors} errors."));
        return _errors == 0 ? 0 : 1;
    }

    private async Task ImportFileAsync(string file, CancellationToken cancellationToken)
    {
        if (file.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            var chunk = new List<(Resource Resource, string Origin)>(ChunkSize);
            var line = 0;
            foreach (var text in File.ReadLines(file))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                try
                {
                    chunk.Add((_serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(text)), $"{file}:{line}"));
                }
                catch (FhirException ex)
                {
                    await ReportAsync($"{file}:{line}: {ex.Message}");
                }

                if (chunk.Count == ChunkSize)
                {
                    await ImportChunkAsync(chunk, cancellationToken);
                    chunk.Clear();
                }
            }

            await ImportChunkAsync(chunk, cancellationToken);
            return;
        }

        var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        var format = file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? FhirFormat.Xml : FhirFormat.Json;
        var resource = _serializer.Parse(bytes, format);
        if (resource is Bundle { Type: Bundle.BundleType.Transaction or Bundle.BundleType.Batch } bundle)
        {
            await SendAsync(bundle, bundle.Entry.Count, file, cancellationToken);
        }
        else if (resource is Bundle { Type: Bundle.BundleType.Collection or Bundle.BundleType.Searchset or Bundle.BundleType.History } set)
        {
            foreach (var part in set.Entry.Select((e, i) => (Resource: e.Resource!, Origin: $"{file}#entry[{i}]")).Where(p => p.Resource is not null).Chunk(ChunkSize))
            {
                await ImportChunkAsync(part, cancellationToken);
            }
        }
        else
        {
            await ImportChunkAsync([(resource, file)], cancellationToken);
        }
    }

    private async Task ImportChunkAsync(IReadOnlyList<(Resource Resource, string Origin)> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var transaction = ImportFiles.ToBundle(chunk.Select(c => c.Resource), Bundle.BundleType.Transaction);
        try
        {
            await SendAsync(transaction, chunk.Count, null, cancellationToken);
        }
        catch (FhirException)
        {
            // Replay as a batch: each entry stands alone, so the report names the bad ones.
            var batch = ImportFiles.ToBundle(chunk.Select(c => c.Resource), Bundle.BundleType.Batch);
            var entries = (await DispatchAsync(batch, cancellationToken)).Entry;
            for (var i = 0; i < entries.Count; i++)
            {
                if (IsSuccess(entries[i]))
                {
                    _resources++;
                }
                else
                {
                    var reason = entries[i].Response?.Outcome is OperationOutcome o ? string.Join("; ", o.Issue.Select(x => x.Diagnostics)) : entries[i].Response?.Status;
                    await ReportAsync($"{chunk[i].Origin}: {reason}");
                }
            }
        }

        await ProgressAsync();
    }

    private async Task SendAsync(Bundle bundle, int count, string? origin, CancellationToken cancellationToken)
    {
        var result = await DispatchAsync(bundle, cancellationToken);
        if (bundle.Type == Bundle.BundleType.Batch)
        {
            foreach (var (entry, i) in result.Entry.Select((e, i) => (e, i)).Where(p => !IsSuccess(p.e)))
            {
                await ReportAsync($"{origin}#entry[{i}]: {entry.Response?.Status}");
            }

            _resources += result.Entry.Count(IsSuccess);
        }
        else
        {
            _resources += count;
        }

        await ProgressAsync();
    }

    private static bool IsSuccess(Bundle.EntryComponent entry) => entry.Response?.Status?.StartsWith('2') == true;

    private async Task<Bundle> DispatchAsync(Bundle bundle, CancellationToken cancellationToken)
    {
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateEngineScope(EngineActor.System("cli-import"));
        return await scope.ServiceProvider.GetRequiredService<IFhirEngine>().ProcessBundleAsync(bundle, BaseUrl, PreferReturn.Minimal, cancellationToken);
    }

    private async Task ReportAsync(string message)
    {
        _errors++;
        await progress.WriteLineAsync("\nerror: " + message);
    }

    private async Task ProgressAsync()
    {
        if (_clock.Elapsed - _lastProgress < TimeSpan.FromSeconds(1))
        {
            return;
        }

        _lastProgress = _clock.Elapsed;
        await progress.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"\r{_resources} resources, {_resources / _clock.Elapsed.TotalSeconds:F0}/s, {_errors} errors"));
    }
}
