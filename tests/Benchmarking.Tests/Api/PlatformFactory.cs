using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jamforelse.Tests.Support;

namespace Jamforelse.Benchmarking.Tests.Api;

/// <summary>The embedded platform (see <see cref="PlatformFactoryBase"/>); the work after an import happens on the bus, so tests poll.</summary>
public sealed class PlatformFactory : PlatformFactoryBase
{
    public PlatformFactory()
    {
    }

    private PlatformFactory(string dataFolder)
        : base(dataFolder, ownsFolder: false)
    {
    }

    /// <summary>A platform on an existing data folder, as after a restart; the caller deletes the folder.</summary>
    public static PlatformFactory OnFolder(string dataFolder) => new(dataFolder);

    /// <summary>Polls a GET until the answer satisfies <paramref name="condition"/> (the work happens on the bus).</summary>
    public static async Task<JsonNode> EventuallyAsync(HttpClient client, string url, Func<JsonNode, bool> condition, int seconds = 20)
    {
        JsonNode? last = null;
        for (var started = DateTime.UtcNow; DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds); await Task.Delay(100))
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadFromJsonAsync<JsonNode>();
                if (last is not null && condition(last))
                {
                    return last;
                }
            }
        }
        throw new TimeoutException($"GET {url} did not reach the expected state in {seconds} s; last answer: {last?.ToJsonString()}");
    }
}
