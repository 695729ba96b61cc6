namespace EsmsDui.Server.Hosting;

/// <summary>HTTP limits of the server (configuration section <c>Server</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Server";

    /// <summary>The largest request body accepted; larger ones get 413 (default 64 MiB: big transaction Bundles).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Origins allowed to call the API from a browser (CORS); empty disables CORS, <c>*</c> allows any.</summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>
    /// Requests per second each client (the token's client, else the caller's address) may make on average; beyond
    /// its burst it gets 429 with <c>Retry-After</c>. 0 turns the limit off.
    /// </summary>
    public int RateLimitPerSecond { get; set; } = 200;

    /// <summary>How many requests a client may make at once above its rate.</summary>
    public int RateLimitBurst { get; set; } = 1000;

    /// <summary>Token requests per minute from one address (guards client secrets against guessing); 0 turns it off.</summary>
    public int TokenRequestsPerMinute { get; set; } = 60;
}
