namespace EsmsDui.Server.Hosting;

/// <summary>The log messages of start-up.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Security is disabled (Security:Enabled=false): anonymous callers have every right on {Addresses}; for scripts and tests on this machine only")]
    public static partial void AnonymousAccess(ILogger logger, string addresses);
}
