using System.Text.Json;
using System.Text.Json.Nodes;
using Jamforelse.IndicatorData.Kolada;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>The real Kolada values shipped with the service, as (kpi, area, period, gender) → value.</summary>
internal static class KoladaSample
{
    public static string LinkopingJson()
    {
        using var reader = new StreamReader(KoladaReferenceFiles.Open(KoladaReferenceFiles.LinkopingSample));
        return reader.ReadToEnd();
    }

    public static SortedDictionary<string, double?> Values(string koladaJson)
    {
        var result = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var record in JsonNode.Parse(koladaJson)!["values"]!.AsArray())
        {
            foreach (var value in record!["values"]!.AsArray())
            {
                var key = $"{record["kpi"]}|{record["municipality"]}|{record["period"]}|{value!["gender"]}";
                result[key] = value["value"]?.GetValue<double>();
            }
        }
        return result;
    }

    public static IReadOnlyList<string> KeyFigures(string koladaJson) =>
        JsonNode.Parse(koladaJson)!["values"]!.AsArray().Select(r => r!["kpi"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal).ToList();

    public static StringContent Content(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static string Page(params object[] records) => JsonSerializer.Serialize(new { values = records });
}
