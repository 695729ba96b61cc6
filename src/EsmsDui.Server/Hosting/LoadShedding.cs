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
internal sealed class LoadShedding(RequestDelegate next, IOptions<ServerOptions> options, FhirHttpResponseWriter writer) : IDisposable
{
    private readonly ServerOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrentRequests));
    private long _residentBytes;
    private long _sampledAt;

    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        if (IsAlwaysAnswered(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (_options.MemoryBudgetBytes > 0 && Resident() > _options.MemoryBudgetBytes / 4 * 3)
        {
            await RefuseAsync(context, "The server is at its memory budget");
            return;
        }

        if (_options.MaxConcurrentRequests <= 0)
        {
            await next(context);
            return;
        }

        if (!await _slots.WaitAsync(_options.QueueTimeout, context.RequestAborted))
        {
            await RefuseAsync(context, $"The server is working on {_options.MaxConcurrentRequests} requests");
            return;
        }

        try
        {
            await next(context);
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
        return writer.WriteErrorAsync(
            context,
            FhirErrorKind.ServiceUnavailable,
            [FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Transient, $"{why}: try again in 1 s.")],
            context.RequestAborted);
    }
}
