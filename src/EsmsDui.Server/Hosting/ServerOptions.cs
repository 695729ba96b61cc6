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
}
