using System.Threading.RateLimiting;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using EsmsDui.Security;
using EsmsDui.Server.Http;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Hosting;

/// <summary>
/// Per-client rate limiting: a token bucket per client of the token (else per address), a fixed window per address
/// on the token endpoint; a refusal is a 429 OperationOutcome with <c>Retry-After</c>.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddEsmsDuiRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            // A client's rate, then how many of its requests may run at once (a client holding 200 connections
            // gets its share, the rest 429 at once, instead of the server's memory).
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, OptionsOf(context))),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ConcurrencyPartition(context, OptionsOf(context))));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<FhirHttpResponseWriter>().WriteErrorAsync(
                    rejected.HttpContext,
                    FhirErrorKind.TooManyRequests,
                    [FhirException.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Throttled, $"Too many requests from this client: try again in {seconds} s.")],
                    cancellationToken);
            };
        });

    private static ServerOptions OptionsOf(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;

    /// <summary>True for the token and introspection endpoints.</summary>
    public static bool IsTokenRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(SecurityEndpoints.Token) || context.Request.Path.StartsWithSegments(SecurityEndpoints.Introspection);

    private static RateLimitPartition<string> ConcurrencyPartition(HttpContext context, ServerOptions options) =>
        options.MaxConcurrentRequestsPerClient <= 0 || IsTokenRequest(context)
            ? RateLimitPartition.GetNoLimiter("unbounded")
            : RateLimitPartition.GetConcurrencyLimiter(ClientKey(context), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = options.MaxConcurrentRequestsPerClient,
                QueueLimit = 0,
            });

    // The token's client, else the caller's address.
    private static string ClientKey(HttpContext context) =>
        context.RequestServices.GetService<AccessSelection>()?.Context?.Client is { } id ? "client:" + id : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Partition(HttpContext context, ServerOptions options)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (IsTokenRequest(context))
        {
            return options.TokenRequestsPerMinute <= 0
                ? RateLimitPartition.GetNoLimiter("token")
                : RateLimitPartition.GetFixedWindowLimiter("token:" + address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.TokenRequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
        }

        if (options.RateLimitPerSecond <= 0)
        {
            return RateLimitPartition.GetNoLimiter("api");
        }

        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(options.RateLimitBurst, options.RateLimitPerSecond),
            TokensPerPeriod = options.RateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
