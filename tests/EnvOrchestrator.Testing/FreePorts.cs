using System.Net;
using System.Net.Sockets;
using EnvOrchestrator.Azurite;

namespace EnvOrchestrator.Testing;

/// <summary>
/// Starts servers that must know their loopback port before they listen (it goes into their own settings, e.g. the
/// state backend URL Terraform calls back). A port found free can be taken by another process before the server binds
/// it, and with every test assembly running at once that happens; the server is then started on another port.
/// </summary>
public static class FreePorts
{
    private const int Attempts = 3;

    /// <summary>Calls <paramref name="start"/> with a free port, again with another one when that port was taken.</summary>
    /// <param name="start">Starts the server on the port; cleans up after itself when it throws.</param>
    public static async Task<T> StartAsync<T>(Func<int, Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(LoopbackPorts.Free()).ConfigureAwait(false);
            }
            catch (IOException ex) when (attempt < Attempts && IsAddressInUse(ex))
            {
                // Another process bound the port first: pick another.
            }
        }
    }

    /// <summary>Creates a server for a free port and starts it; disposes it when the start fails, and tries another port when that one was taken.</summary>
    public static Task<T> StartAsync<T>(Func<int, T> create, Func<T, Task> start)
        where T : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(start);
        return StartAsync(async port =>
        {
            var server = create(port);
            try
            {
                await start(server).ConfigureAwait(false);
                return server;
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        });
    }

    /// <summary>True when <paramref name="exception"/> or one it wraps reports the address as already in use (Kestrel wraps it twice).</summary>
    public static bool IsAddressInUse(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when something holds <paramref name="port"/> on loopback, so binding it now fails.</summary>
    public static bool IsTaken(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }

    /// <summary>The exception a test throws when a child process it started reported the port as taken.</summary>
    public static IOException AddressInUse(string message) =>
        new(message, new SocketException((int)SocketError.AddressAlreadyInUse));
}
