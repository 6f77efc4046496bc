using System.Net;
using System.Net.Sockets;

namespace Jamforelse.Platform.Tests.Messaging;

/// <summary>
/// A TCP forwarder on 127.0.0.1 that can be cut like a failed network: <see cref="StopAsync"/> closes the
/// listener and resets every open connection; <see cref="Start"/> listens again on the same port.
/// </summary>
public sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Socket> _sockets = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _accepting;

    /// <summary>The port the proxy listens on; chosen by the OS on the first start, then kept.</summary>
    public int Port { get; private set; }

    public void Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stopping = new CancellationTokenSource();
        _accepting = AcceptAsync(listener, _stopping.Token);
    }

    public async Task StopAsync()
    {
        if (_listener is null)
        {
            return;
        }
        await _stopping!.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var socket in _sockets)
            {
                // Linger 0: close with a reset, as a dead network path or a crashed broker host would look.
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
            _sockets.Clear();
        }
        await _accepting!;
        _stopping.Dispose();
        _listener = null;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ForwardAsync(client, stopping);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken stopping)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Track(client);
        Track(upstream);
        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stopping);
            using var clientStream = new NetworkStream(client, ownsSocket: false);
            using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAny(clientStream.CopyToAsync(upstreamStream, stopping), upstreamStream.CopyToAsync(clientStream, stopping));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ends either way.
        }
        finally
        {
            Untrack(client);
            Untrack(upstream);
        }
    }

    private void Track(Socket socket)
    {
        lock (_lock)
        {
            _sockets.Add(socket);
        }
    }

    private void Untrack(Socket socket)
    {
        lock (_lock)
        {
            _sockets.Remove(socket);
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
