namespace EsmsDui.Server.Hosting;

/// <summary>HTTP limits of the server (configuration section <c>Server</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Server";

    /// <summary>
    /// How clients reach the server (e.g. <c>https://dui.example.fr/</c>, with the path of a reverse proxy if any): every
    /// link, <c>Location</c>, the SMART configuration and the token issuer are made from it, never from the request's
    /// <c>Host</c> header. Required when the server listens beyond loopback, unless <c>AllowedHosts</c> names the
    /// host names it may be called by.
    /// </summary>
    public Uri? PublicUrl { get; set; }

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

    /// <summary>
    /// Requests the server works on at once (others wait up to <see cref="QueueTimeout"/>, then get 503 with
    /// <c>Retry-After</c>); 0 turns the limit off. The capability statement is always answered. By default two per
    /// core: the work is CPU-bound, more at once only adds memory.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>How long a request waits for one of the <see cref="MaxConcurrentRequests"/> before a 503.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests one client may have in progress at once; beyond, 429 with <c>Retry-After</c>. 0 turns it off.</summary>
    public int MaxConcurrentRequestsPerClient { get; set; } = 8;

    /// <summary>
    /// The resident memory the server keeps under: above three quarters of it, new requests get 503 with
    /// <c>Retry-After</c> until memory is given back (default 2 GiB; 0 turns it off).
    /// </summary>
    public long MemoryBudgetBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Token requests per minute from one address, whatever their outcome: a flood cap (guessing is stopped per client
    /// by Security:FailedTokenRequestsPerMinute); 0 turns it off.
    /// </summary>
    public int TokenRequestsPerMinute { get; set; } = 600;
}
