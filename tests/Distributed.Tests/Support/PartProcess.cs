using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>
/// One part of the platform as its own process: `dotnet &lt;host&gt;.dll` in the host's output folder (where its
/// appsettings.json is), configured by environment variables only, as a container would be.
/// </summary>
internal sealed class PartProcess(string name, string assembly, int port, IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string Name => name;

    public int Port => port;

    public Uri Address => new($"http://127.0.0.1:{port}/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the process wrote (stdout and stderr), for failure messages and for counting its log lines.</summary>
    public IReadOnlyList<string> Output => _output.ToList();

    public int CountOutput(string text) => _output.Count(line => line.Contains(text, StringComparison.Ordinal));

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>Waits until /health/ready answers 200 (the store, the bus and the part's own start-up work are ready).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan patience)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited (code {_process?.ExitCode}) before it was ready:\n{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (clock.Elapsed > patience)
            {
                throw new TimeoutException($"{name} was not ready within {patience.TotalSeconds:F0} s:\n{Tail()}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as when a machine or container dies.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, then waits for the orderly shutdown (SIGKILL after 20 s).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            if (signal is not null)
            {
                await signal.WaitForExitAsync();
            }
            if (!process.WaitForExit(20_000))
            {
                Kill();
            }
        }
    }

    public string Tail(int lines = 40) => string.Join('\n', _output.TakeLast(lines));

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }
}
