namespace Jamforelse.GraphQL.Tests.WebSockets;

/// <summary>A fact that is skipped, with the reason shown, when node or npm is not on PATH.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodeTools.Node is null || NodeTools.Npm is null)
            Skip = "Node.js (node and npm on PATH) is needed to run the real graphql-ws client.";
    }
}

internal static class NodeTools
{
    public static string? Node { get; } = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");

    public static string? Npm { get; } = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
}
