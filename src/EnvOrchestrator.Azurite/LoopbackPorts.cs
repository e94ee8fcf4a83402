using System.Net;
using System.Net.Sockets;

namespace EnvOrchestrator.Azurite;

/// <summary>Free TCP ports on the loopback interface, for emulators and test servers.</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago; a caller that loses the race to another process retries.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
