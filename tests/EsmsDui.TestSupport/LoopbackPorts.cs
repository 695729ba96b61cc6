using System.Net;
using System.Net.Sockets;

namespace EsmsDui.TestSupport;

/// <summary>Ports for servers the fixtures start themselves (PostgreSQL, Postfix, Dovecot) on 127.0.0.1.</summary>
public static class LoopbackPorts
{
    /// <summary>A port free on 127.0.0.1 right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
