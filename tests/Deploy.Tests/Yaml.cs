using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Jamforelse.Deploy.Tests;

/// <summary>YAML (one or several documents, anchors and merge keys resolved) as JSON nodes; every scalar a string.</summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static IReadOnlyList<JsonNode?> Documents(string text)
    {
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<StreamStart>();
        var documents = new List<JsonNode?>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(ToJson(Deserializer.Deserialize<object?>(parser)));
        }
        return documents;
    }

    public static JsonObject Document(string text) =>
        Documents(text) is [JsonObject single] ? single : throw new InvalidDataException("Expected one YAML document holding a mapping.");

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object?> map => new JsonObject(map.Select(entry =>
            KeyValuePair.Create(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!, ToJson(entry.Value)))),
        IEnumerable<object?> list when value is not string => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}

internal static class JsonNodeExtensions
{
    /// <summary>A scalar as its string, or null when absent.</summary>
    public static string? Text(this JsonNode? node) => node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();

    public static JsonObject Object(this JsonNode? node, string what) =>
        node as JsonObject ?? throw new Xunit.Sdk.XunitException($"{what} is missing or not a mapping.");

    public static IEnumerable<JsonNode> Items(this JsonNode? node) => node is JsonArray array ? array.OfType<JsonNode>() : [];
}
