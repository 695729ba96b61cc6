using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EsmsDui.Security;

/// <summary>
/// In front of the token and introspection endpoints: a client id with control characters (which would reach logs
/// and the audit trail as written) is refused at once, and a client id or address beyond its failed attempts waits
/// (429 with <c>Retry-After</c>). It also notes when the request came, so that a refusal takes the same time whatever
/// its reason (<see cref="TokenEndpointHardening"/>).
/// </summary>
public sealed class TokenEndpointGuard(RequestDelegate next, TokenFailures failures, IOptions<SecurityOptions> options)
{
    /// <summary>The HttpContext item holding the request's start (Stopwatch timestamp).</summary>
    public const string StartedKey = "esmsdui.token.started";

    /// <summary>Checks a token or introspection request, then passes it on.</summary>
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method)
            || !(context.Request.Path.StartsWithSegments(SecurityEndpoints.Token) || context.Request.Path.StartsWithSegments(SecurityEndpoints.Introspection)))
        {
            await next(context);
            return;
        }

        context.Items[StartedKey] = Stopwatch.GetTimestamp();
        var clientId = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted))["client_id"].ToString() : null;
        if (clientId is { Length: > 0 } && (clientId.Length > 200 || clientId.Any(char.IsControl)))
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "invalid_request", "The client_id holds characters a client id cannot have.");
            return;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (failures.Wait(string.IsNullOrEmpty(clientId) ? null : clientId, address, options.Value.FailedTokenRequestsPerMinute) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await AnswerAsync(context, StatusCodes.Status429TooManyRequests, "slow_down", "Too many failed attempts: try again later.");
            return;
        }

        await next(context);
    }

    private static System.Threading.Tasks.Task AnswerAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, context.RequestAborted);
    }
}
