using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>
/// The real graphql-ws client from npm (node/subscriber.mjs) subscribed through the gateway, as a dashboard is.
/// Runs <c>npm ci</c> in the node folder once when its packages are missing (CI has node, npm and the registry).
/// </summary>
internal sealed class NodeSubscriber : IDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private NodeSubscriber(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                _events.Enqueue(JsonDocument.Parse(e.Data).RootElement.Clone());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string? Node { get; } = FindOnPath("node");

    public static string? Npm { get; } = FindOnPath("npm");

    private static string Folder => Path.Combine(Paths.RepositoryRoot, "tests", "Distributed.Tests", "node");

    /// <summary>Starts the client and waits until the server acknowledged its connection.</summary>
    public static async Task<NodeSubscriber> StartAsync(Uri webSocket, string query)
    {
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
            {
                using var npm = Process.Start(new ProcessStartInfo(Npm!, ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = Folder, UseShellExecute = false })!;
                await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
                if (npm.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {Folder} failed ({npm.ExitCode}).");
                }
            }
        }
        finally
        {
            Install.Release();
        }
        var process = Process.Start(new ProcessStartInfo(Node!, ["subscriber.mjs", webSocket.ToString(), query])
        {
            WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var subscriber = new NodeSubscriber(process);
        await subscriber.WaitForAsync(e => e.GetProperty("event").GetString() == "connected", TimeSpan.FromSeconds(30));
        return subscriber;
    }

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (_events.FirstOrDefault(match) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }
            if (_process.HasExited)
            {
                break;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The graphql-ws client got no matching event within {patience.TotalSeconds:F0} s (exited: {_process.HasExited}); events: [{string.Join(", ", _events)}]; errors: {string.Join('\n', _errors)}");
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}

/// <summary>A distributed fact that also needs Node.js and npm (the real graphql-ws client): skipped, saying why, without them.</summary>
public sealed class DistributedNodeFactAttribute : FactAttribute
{
    public DistributedNodeFactAttribute()
    {
        Skip = new DistributedFactAttribute().Skip
            ?? (NodeSubscriber.Node is null || NodeSubscriber.Npm is null ? "Node.js (node and npm on PATH) is needed to run the real graphql-ws client." : null);
    }
}
