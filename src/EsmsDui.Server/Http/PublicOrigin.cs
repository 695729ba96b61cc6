using EsmsDui.Server.Hosting;
using Microsoft.Extensions.Options;

namespace EsmsDui.Server.Http;

/// <summary>
/// Gives every request the origin of <see cref="ServerOptions.PublicUrl"/>, so that links, the token issuer and the
/// SMART configuration never come from a <c>Host</c> header the caller chose.
/// </summary>
internal sealed class PublicOrigin(RequestDelegate next, IOptions<ServerOptions> options)
{
    private readonly Uri? _publicUrl = options.Value.PublicUrl;

    public Task InvokeAsync(HttpContext context)
    {
        if (_publicUrl is not null)
        {
            context.Request.Scheme = _publicUrl.Scheme;
            context.Request.Host = new HostString(_publicUrl.Authority);
            context.Request.PathBase = PathString.FromUriComponent(_publicUrl.AbsolutePath.TrimEnd('/'));
        }

        return next(context);
    }

    /// <summary>True when the <c>Host</c> header cannot choose the origin: a public URL is set, or <c>AllowedHosts</c> names the hosts.</summary>
    public static bool IsPinned(IConfiguration configuration) =>
        configuration.GetValue<Uri?>($"{ServerOptions.SectionName}:{nameof(ServerOptions.PublicUrl)}") is not null
        || (configuration["AllowedHosts"] is { Length: > 0 } hosts && hosts.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(h => h != "*"));
}
