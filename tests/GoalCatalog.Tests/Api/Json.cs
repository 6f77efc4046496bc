using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.GoalCatalog.Tests.Api;

internal static class Json
{
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    public static async Task<JsonNode> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync(response);
    }

    public static StringContent Body(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, JsonNode body) =>
        client.PostAsync(new Uri(url, UriKind.Relative), Body(body));

    public static Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body) =>
        client.PutAsync(new Uri(url, UriKind.Relative), body is JsonNode node ? Body(node) : JsonContent.Create(body, options: JsonSerializerOptions.Web));

    /// <summary>Every node of a plan view's tree, depth first.</summary>
    public static IEnumerable<JsonNode> Nodes(JsonNode plan) => Descend(plan["nodes"]!.AsArray());

    private static IEnumerable<JsonNode> Descend(JsonArray nodes) =>
        nodes.Select(n => n!).SelectMany(n => new[] { n }.Concat(Descend(n["children"]!.AsArray())));

    public static IReadOnlyList<string> Codes(JsonNode problem) =>
        problem["problems"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).ToList();

    public static IReadOnlyList<string> Paths(JsonNode problem) =>
        problem["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
}
