using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Jamforelse.Deploy.Tests.Kubernetes;

/// <summary>One overlay rendered by `kubectl kustomize` (offline: it reads only the files).</summary>
internal sealed record Rendering(string Overlay, int ExitCode, string Errors, IReadOnlyList<JsonObject> Resources)
{
    public IEnumerable<JsonObject> OfKind(string kind) => Resources.Where(resource => resource["kind"].Text() == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).FirstOrDefault(resource => resource["metadata"]?["name"].Text() == name);
}

/// <summary>Every overlay under deploy/kubernetes/overlays, rendered once per test run and all at once.</summary>
internal static class Kustomize
{
    public const string OverlaysFolder = "deploy/kubernetes/overlays";

    public static string? Kubectl { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "kubectl"))
        .FirstOrDefault(File.Exists);

    public static IReadOnlyList<string> Overlays { get; } = Directory.Exists(Repository.PathOf(OverlaysFolder))
        ? Directory.GetDirectories(Repository.PathOf(OverlaysFolder)).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
        : [];

    private static readonly Lazy<Task<IReadOnlyDictionary<string, Rendering>>> Renderings = new(async () =>
    {
        var renderings = await Task.WhenAll(Overlays.Select(RenderOneAsync));
        return renderings.ToDictionary(rendering => rendering.Overlay);
    });

    public static async Task<Rendering> RenderAsync(string overlay) => (await Renderings.Value)[overlay];

    private static async Task<Rendering> RenderOneAsync(string overlay)
    {
        var start = new ProcessStartInfo(Kubectl ?? "kubectl", ["kustomize", $"{OverlaysFolder}/{overlay}"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return new Rendering(overlay, -1, "kubectl kustomize did not finish within a minute.", []);
        }
        var resources = process.ExitCode == 0 ? Yaml.Documents(await output).OfType<JsonObject>().ToList() : [];
        return new Rendering(overlay, process.ExitCode, await errors, resources);
    }

}

/// <summary>A test on rendered overlays: skipped, saying why, where kubectl is not installed.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (Kustomize.Kubectl is null)
        {
            Skip = "kubectl is not on the PATH (it renders the overlays with `kubectl kustomize`, offline).";
        }
    }
}
