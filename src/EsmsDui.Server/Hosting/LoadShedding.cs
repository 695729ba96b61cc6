using EsmsDui.Fhir.Errors;
using EsmsDui.Server.Http;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Hosting;

/// <summary>
/// Keeps the server within its means under any load: at most <see cref="ServerOptions.MaxConcurrentRequests"/>
/// requests are worked on at once (the others wait a little, then get 503), and none starts while the resident
/// memory is above three quarters of <see cref="ServerOptions.MemoryBudgetBytes"/> (503 until the collector gives
/// memory back). A refusal costs nothing and says when to come back (<c>Retry-After</c>).
/// </summary>
internal sealed class LoadShedding : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly FhirHttpResponseWriter _writer;

    public LoadShedding(RequestDelegate next, IOptions<ServerOptions> options, FhirHttpResponseWriter writer)
    {
        (_next, _writer, _options) = (next, writer, options.Value);
        _slots = new(Math.Max(1, _options.MaxConcurrentRequests));

        // Requests at work hold threads while they parse and write: with threads for them all and some to spare,
        // a light request (metadata) is not left waiting for the pool to grow, one thread per half second.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, _options.MaxConcurrentRequests + (4 * Environment.ProcessorCount)), completion);
    }

    private readonly ServerOptions _options;
    private readonly SemaphoreSlim _slots;
    private long _residentBytes;
    private long _sampledAt;
    private long _collectedAt;

    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        if (IsAlwaysAnswered(context.Request.Path))
        {
            await _next(context);
            return;
        }

        if (_options.MemoryBudgetBytes > 0 && Resident() > _options.MemoryBudgetBytes / 4 * 3)
        {
            GiveMemoryBack();
            await RefuseAsync(context, "The server is at its memory budget");
            return;
        }

        if (_options.MaxConcurrentRequests <= 0)
        {
            await _next(context);
            return;
        }

        if (!await _slots.WaitAsync(_options.QueueTimeout, context.RequestAborted))
        {
            await RefuseAsync(context, $"The server is working on {_options.MaxConcurrentRequests} requests");
            return;
        }

        try
        {
            await _next(context);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    // What clients and load balancers poll to know the server is there.
    private static bool IsAlwaysAnswered(PathString path) =>
        path.Value is { } value && (value.EndsWith("/metadata", StringComparison.OrdinalIgnoreCase) || value.EndsWith("/.well-known/smart-configuration", StringComparison.OrdinalIgnoreCase));

    // Above the budget, the collector is asked (once a second at most) to compact and return what it holds to the
    // system: otherwise the resident set stays high long after the load that raised it.
    private void GiveMemoryBack()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _collectedAt);
        if (now - last > 1000 && Interlocked.CompareExchange(ref _collectedAt, now, last) == last)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: false);
        }
    }

    // The resident set, read at most every 100 ms (a file read on Linux).
    private long Resident()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _sampledAt) > 100)
        {
            Interlocked.Exchange(ref _sampledAt, now);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            Interlocked.Exchange(ref _residentBytes, process.WorkingSet64);
        }

        return Interlocked.Read(ref _residentBytes);
    }

    private System.Threading.Tasks.Task RefuseAsync(HttpContext context, string why)
    {
        context.Response.Headers.RetryAfter = "1";
        return _writer.WriteErrorAsync(
            context,
            FhirErrorKind.ServiceUnavailable,
            [FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Transient, $"{why}: try again in 1 s.")],
            context.RequestAborted);
    }
}
