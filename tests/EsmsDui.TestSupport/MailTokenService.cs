using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EsmsDui.TestSupport;

/// <summary>
/// The OAuth 2.0 side of the test mail service: a token endpoint (client credentials with a client secret, as the
/// connector's token provider calls it) issuing opaque tokens for the establishment's mailbox, and the introspection endpoint
/// Dovecot asks (RFC 7662) when a client authenticates with SASL XOAUTH2. Checks what it receives.
/// </summary>
public sealed class MailTokenService : IAsyncDisposable
{
    public const string ClientId = "esmsdui-mss";
    public const string ClientSecret = "mss-secret";
    public const string Scope = "mss";

    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private readonly ConcurrentDictionary<string, string> _clients = new();
    private WebApplication? _app;

    /// <summary>What was wrong in the token requests received.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The mailbox the tokens issued give access to (the establishment's organisation mailbox).</summary>
    public string Mailbox { get; set; } = "ehpad@" + MailServers.Domain;

    /// <summary>
    /// Registers a client (secret <see cref="ClientSecret"/>) whose tokens give access to <paramref name="mailbox"/>, as an
    /// operator registers each organisation mailbox; <see cref="ClientId"/> stays the one of <see cref="Mailbox"/>.
    /// </summary>
    public string Register(string mailbox)
    {
        var client = "mss-" + mailbox.Split('@')[0];
        _clients[client] = mailbox;
        return client;
    }

    /// <summary>How many tokens were issued.</summary>
    public int Issued => _tokens.Count;

    public string TokenUrl { get; private set; } = string.Empty;

    public string IntrospectionUrl { get; private set; } = string.Empty;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var basic = context.Request.Headers.Authorization.ToString();
            var credentials = basic.StartsWith("Basic ", StringComparison.Ordinal)
                ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2)
                : [form["client_id"].ToString(), form["client_secret"].ToString()];
            var mailbox = credentials is [ClientId, ClientSecret] ? Mailbox
                : credentials is [var client, ClientSecret] && _clients.TryGetValue(client, out var registered) ? registered
                : null;
            if (form["grant_type"] != "client_credentials" || mailbox is null)
            {
                Problems.Enqueue($"token request: grant_type={form["grant_type"]} client={credentials.FirstOrDefault()}");
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            if (form["scope"] != Scope)
            {
                Problems.Enqueue($"token request with scope '{form["scope"]}'");
                return Results.Json(new { error = "invalid_scope" }, statusCode: 400);
            }

            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            _tokens[token] = mailbox;
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 300 });
        });
        _app.MapPost("/introspect", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            return _tokens.TryGetValue(form["token"].ToString(), out var mailbox)
                ? Results.Json(new { active = "true", username = mailbox })
                : Results.Json(new { active = "false" });
        });
        await _app.StartAsync();
        var origin = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        TokenUrl = origin + "/token";
        IntrospectionUrl = origin + "/introspect";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
