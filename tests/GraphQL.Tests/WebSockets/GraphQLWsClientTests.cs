using System.Diagnostics;
using System.Text.Json;

namespace Jamforelse.GraphQL.Tests.WebSockets;

/// <summary>
/// The real npm graphql-ws client (node/client.mjs) against the transport. CI needs node and npm on PATH
/// and the npm registry: the test runs <c>npm ci</c> in the node folder when node_modules is missing.
/// </summary>
public sealed class GraphQLWsClientTests
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    [NodeFact]
    public async Task The_graphql_ws_client_runs_queries_subscriptions_completes_and_errors()
    {
        var folder = FindNodeFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            var install = await RunAsync(NodeTools.Npm!, ["ci", "--no-audit", "--no-fund"], folder, NpmTimeout);
            Assert.True(install.ExitCode == 0, $"npm ci failed ({install.ExitCode}):\n{install.Output}\n{install.Error}");
        }
        await using var host = await WebSocketTestHost.StartAsync();

        var run = await RunAsync(NodeTools.Node!, ["client.mjs", host.WebSocketAddress.ToString()], folder, ClientTimeout);

        Assert.True(run.ExitCode == 0, $"client.mjs failed ({run.ExitCode}):\n{run.Output}\n{run.Error}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        string[] Data(string op, string field) => lines
            .Where(line => line.GetProperty("op").GetString() == op)
            .Select(line => line.GetProperty("result").GetProperty("data").GetProperty(field).ToString())
            .ToArray();

        Assert.Equal(["1", "2", "3"], Data("ticks", "ticks"));
        Assert.Equal(["world"], Data("hello", "hello"));
        Assert.Equal(["1", "2"], Data("ticks-stopped", "ticks"));
        var invalid = Assert.Single(lines, line => line.GetProperty("op").GetString() == "invalid");
        Assert.All(invalid.GetProperty("errors").EnumerateArray(), error =>
            Assert.False(string.IsNullOrEmpty(error.GetProperty("extensions").GetProperty("code").GetString())));
        Assert.Equal(["world"], Data("after", "hello"));
    }

    private static string FindNodeFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "WebSockets", "node");
            if (File.Exists(Path.Combine(candidate, "package.json")))
                return candidate;
        }
        throw new DirectoryNotFoundException($"WebSockets/node/package.json not found above {AppContext.BaseDirectory}");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string fileName, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }
}
