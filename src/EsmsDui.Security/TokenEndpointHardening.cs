using System.Diagnostics;
using Microsoft.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace EsmsDui.Security;

/// <summary>
/// What the authorization server's answers must not give away: a refused client authentication says the same thing
/// in the same time whether the client id is unknown or its secret wrong (and is counted, <see cref="TokenFailures"/>);
/// a client introspects only the tokens issued to it.
/// </summary>
internal static class TokenEndpointHardening
{
    // At least this long for any refused client authentication: a secret's hash check takes less.
    private static readonly TimeSpan RefusalFloor = TimeSpan.FromMilliseconds(300);

    private const string OneAnswer = "The client authentication failed (unknown client, or wrong secret or key).";

    /// <summary>The handlers, in the order they run.</summary>
    public static OpenIddictServerHandlerDescriptor[] Descriptors { get; } =
    [
        Refusal<ApplyTokenResponseContext>(c => (c.Error, c.Request?.ClientId, c.Response), c => c.Transaction),
        Refusal<ApplyIntrospectionResponseContext>(c => (c.Error, c.Request?.ClientId, c.Response), c => c.Transaction),
        OwnTokensOnly(),
    ];

    private static OpenIddictServerHandlerDescriptor Refusal<TContext>(
        Func<TContext, (string? Error, string? ClientId, OpenIddictResponse Response)> read, Func<TContext, OpenIddictServerTransaction> transaction)
        where TContext : BaseContext => OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
        .UseInlineHandler(async context =>
        {
            var (error, clientId, response) = read(context);
            if (error != Errors.InvalidClient || transaction(context).GetHttpRequest()?.HttpContext is not { } http)
            {
                return;
            }

            response.ErrorDescription = OneAnswer;
            response.ErrorUri = null;
            http.RequestServices.GetRequiredService<TokenFailures>().Failed(clientId, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            if (http.Items[TokenEndpointGuard.StartedKey] is long started && RefusalFloor - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
            {
                await Task.Delay(rest, context.CancellationToken);
            }
        })
        // After the audit trail has recorded the true reason (SignInAudit runs first).
        .SetOrder(int.MinValue + 60_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    // The token introspected must have been issued to the client asking (its presenter, or client_id claim).
    private static OpenIddictServerHandlerDescriptor OwnTokensOnly() => OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
        .UseInlineHandler(context =>
        {
            if (context.GenericTokenPrincipal is { } principal && context.ClientId is { } caller
                && principal.GetClaim(Claims.ClientId) != caller && !principal.GetPresenters().Contains(caller))
            {
                context.Reject(Errors.InvalidToken, "The token was not issued to this client.");
            }

            return default;
        })
        .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();
}
