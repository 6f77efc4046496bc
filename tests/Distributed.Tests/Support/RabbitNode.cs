using System.Diagnostics;
using System.Net.Sockets;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>
/// A RabbitMQ node of the suite's own, from Debian's rabbitmq-server, on free ports with its data in a temp
/// folder: the suite stops and starts it (the broker outage) without disturbing any other broker or test.
/// Its durable queues and messages survive a stop, as a real broker's do.
/// </summary>
internal sealed class RabbitNode : IAsyncDisposable
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private readonly string _folder = Directory.CreateTempSubdirectory("jamforelse-rabbit-").FullName;
    private readonly int _distributionPort = Paths.FreePort();
    private Process? _process;

    public int Port { get; } = Paths.FreePort();

    public string Uri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static bool IsInstalled => File.Exists(ServerScript);

    public async Task StartAsync()
    {
        File.WriteAllText(Path.Combine(_folder, "enabled_plugins"), "[].");
        var start = new ProcessStartInfo(ServerScript) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var node = $"jf{Port}";
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["HOME"] = _folder, // its Erlang cookie
            ["RABBITMQ_NODENAME"] = $"{node}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_folder, "pid"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "none"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        })
        {
            start.Environment[name] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!await IsListeningAsync())
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The test RabbitMQ node did not listen on {Port} within {clock.Elapsed.TotalSeconds:F0} s (exited: {_process.HasExited}); its logs are in {_folder}/log.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Stops the broker as an outage would (its clients' connections drop), keeping its data.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // The start script traps SIGTERM and stops the node in order (rabbitmqctl stop).
            await SignalAsync("kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!process.WaitForExit(30_000))
            {
                await SignalAsync("pkill", "-KILL", "-f", "-home " + _folder);
            }
        }
        var clock = Stopwatch.StartNew();
        while (await IsListeningAsync() && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }

    private static async Task SignalAsync(string command, params string[] arguments)
    {
        using var signal = Process.Start(new ProcessStartInfo(command, arguments) { UseShellExecute = false });
        if (signal is not null)
        {
            await signal.WaitForExitAsync();
        }
    }

    /// <summary>The node's queues with their consumers and messages (rabbitmqctl), for failure messages.</summary>
    public async Task<string> QueuesAsync() =>
        await CtlAsync("list_queues", "name", "durable", "auto_delete", "consumers", "messages") + "\n" +
        await CtlAsync("list_bindings", "source_name", "destination_name", "routing_key");

    /// <summary>The type (classic, quorum) of each queue, by name.</summary>
    public async Task<Dictionary<string, string>> QueueTypesAsync() =>
        (await CtlAsync("list_queues", "name", "type", "--no-table-headers", "--quiet"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);

    private async Task<string> CtlAsync(params string[] arguments)
    {
        var list = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", $"jf{Port}@localhost", .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        list.Environment["HOME"] = _folder;
        list.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        using var process = Process.Start(list);
        if (process is null)
        {
            return "(rabbitmqctl did not start)";
        }
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output + await process.StandardError.ReadToEndAsync();
    }

    private async Task<bool> IsListeningAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception exception) when (exception is SocketException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying process: the temp folder is cleaned later
        }
    }
}
