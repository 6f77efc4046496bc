using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.Distributed.Tests.Support;

/// <summary>Imports in Kolada's v3 /data shape through the gateway, and reads back what the platform made of them.</summary>
internal static class Kolada
{
    /// <summary>A Kolada /data page: one total ("T") value per (key figure, area, year).</summary>
    public static string Page(params (string Kpi, string Area, int Year, double Value)[] values) => new JsonObject
    {
        ["values"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject
        {
            ["kpi"] = v.Kpi,
            ["municipality"] = v.Area,
            ["period"] = v.Year,
            ["values"] = new JsonArray(new JsonObject { ["gender"] = "T", ["value"] = v.Value, ["count"] = null, ["status"] = "", ["isdeleted"] = false }),
        }).ToArray()),
        ["next_url"] = null,
    }.ToJsonString();

    public static async Task ImportAsync(HttpClient gateway, params (string Kpi, string Area, int Year, double Value)[] values)
    {
        using var response = await gateway.PostAsync(new Uri("/api/indicator-data/imports/kolada", UriKind.Relative), new StringContent(Page(values), Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The Kolada import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The stored comparison's version and one area's value, or null while there is none (404).</summary>
    public static async Task<(int Version, double? Value)?> ComparisonAsync(HttpClient gateway, string kpi, int year, string area)
    {
        using var response = await gateway.GetAsync(new Uri($"/api/benchmarking/comparisons?kpi={kpi}&period={year}&areas={area}", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var row = body.GetProperty("areas").EnumerateArray().FirstOrDefault(r => r.GetProperty("areaId").GetString() == area);
        double? value = row.ValueKind == JsonValueKind.Object && row.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return (body.GetProperty("version").GetInt32(), value);
    }

    /// <summary>Polls until the comparison shows the value (the events crossed the bus); answers its version.</summary>
    public static async Task<int> WaitForValueAsync(HttpClient gateway, string kpi, int year, string area, double value, TimeSpan patience, Func<string> diagnostics)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (int Version, double? Value)? last = null;
        while (clock.Elapsed < patience)
        {
            try
            {
                last = await ComparisonAsync(gateway, kpi, year, area);
            }
            catch (HttpRequestException)
            {
                // an instance that was just killed answers 502 until the gateway's health checks notice
                await Task.Delay(200);
                continue;
            }
            if (last is { } found && found.Value is { } v && Math.Abs(v - value) < 1e-9)
            {
                return found.Version;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{kpi} {year} {area} did not show {value.ToString(CultureInfo.InvariantCulture)} within {patience.TotalSeconds:F0} s (last: {last}).\n{diagnostics()}");
    }
}
