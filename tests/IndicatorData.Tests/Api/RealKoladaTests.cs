using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.IndicatorData.Kolada;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>
/// Real Kolada answers that nobody on the project wrote (the shipped national-2019 responses, byte for byte as
/// Kolada's v2 API served them): every one imports as served and reads back value for value with its status.
/// </summary>
public sealed class RealKoladaTests : IDisposable
{
    private readonly IndicatorDataFactory _factory = new();
    private readonly HttpClient _client;

    public RealKoladaTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static string Read(string file)
    {
        using var reader = new StreamReader(KoladaReferenceFiles.Open(file), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private async Task<JsonNode> ImportAsync(string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _client.PostAsync(new Uri("/api/indicator-data/imports/kolada", UriKind.Relative), KoladaSample.Content(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>(kpi, municipality, period, gender) → (value, count, status) of a Kolada /data answer, either envelope.</summary>
    internal static SortedDictionary<string, string> Values(string koladaJson)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in JsonNode.Parse(koladaJson)!["values"]!.AsArray())
        {
            foreach (var value in record!["values"]!.AsArray())
            {
                var key = $"{record["kpi"]}|{record["municipality"]}|{record["period"]}|{value!["gender"]}";
                result[key] = $"value={value["value"]?.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "null"} " +
                    $"count={value["count"]?.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} status={value["status"]?.GetValue<string>() ?? "null"}";
            }
        }
        return result;
    }

    private async Task<SortedDictionary<string, string>> ExportAsync(string kpi) =>
        Values(await _client.GetStringAsync(new Uri($"/api/indicator-data/observations?format=kolada&kpi={kpi}", UriKind.Relative)));

    [Fact]
    public async Task Every_shipped_national_response_imports_reads_back_value_for_value_with_its_status_and_twice_changes_nothing()
    {
        Assert.Equal(67, KoladaReferenceFiles.NationalFiles.Count);
        var statuses = new SortedSet<string>(StringComparer.Ordinal);
        var inserted = 0;
        var files = KoladaReferenceFiles.NationalFiles.Select(f => (File: f, Json: Read(f))).ToList();
        foreach (var (file, json) in files)
        {
            var outcome = await ImportAsync(json);
            var expected = Values(json);
            Assert.Equal(expected.Count, outcome["inserted"]!.GetValue<int>());
            inserted += expected.Count;
            var kpi = JsonNode.Parse(json)!["values"]![0]!["kpi"]!.GetValue<string>();
            var exported = await ExportAsync(kpi);
            // Every value, count and status exactly as served (a difference names the first one that differs).
            var differences = expected.Where(e => exported.GetValueOrDefault(e.Key) != e.Value).Take(3)
                .Select(e => $"{e.Key}: served {e.Value}, answered {exported.GetValueOrDefault(e.Key) ?? "nothing"}").ToList();
            Assert.True(differences.Count == 0 && exported.Count == expected.Count, $"{file}: {string.Join("; ", differences)} ({exported.Count} answered, {expected.Count} served)");
            statuses.UnionWith(expected.Values.Select(v => v[(v.IndexOf("status=", StringComparison.Ordinal) + 7)..]));
        }
        Assert.Equal(162_817, inserted);
        Assert.Equal(["", "Missing", "Not applicable", "Privacy"], statuses);

        foreach (var (file, json) in files)
        {
            var again = await ImportAsync(json);
            Assert.True((0, 0) == (again["inserted"]!.GetValue<int>(), again["updated"]!.GetValue<int>()), file);
            Assert.Empty(again["keyFiguresChanged"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_number_that_comes_with_a_status_is_kept_with_both_and_shown_not_counted()
    {
        // From the shipped N21009 response: Upplands Väsby 0114, 2014, "Missing" with 10177.935943.
        await ImportAsync(Read("national-2019/kolada_v2_data_N21009.json.gz"));
        var observations = await _client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/observations?kpi=N21009&area=0114&from=2014&to=2014", UriKind.Relative));
        var point = Assert.Single(observations!["observations"]!.AsArray())!;
        Assert.Equal(10177.935943, point["value"]!.GetValue<double>());
        Assert.Equal("Missing", point["sourceStatus"]!.GetValue<string>());
        Assert.Equal("missing", point["status"]!.GetValue<string>());
        Assert.Equal("uppgift saknas", point["statusLabel"]!.GetValue<string>());
        Assert.False(point["counts"]!.GetValue<bool>());
        Assert.Equal(1, point["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Privacy_is_sekretess_and_a_status_word_nobody_knows_is_kept_as_served()
    {
        await ImportAsync(KoladaSample.Page(
            new { kpi = "N01951", municipality = "0580", period = 2024, values = new object[] { new { gender = "T", value = 12.5, count = 1, status = "Privacy" } } },
            new { kpi = "N01951", municipality = "0581", period = 2024, values = new object[] { new { gender = "T", value = 3.0, count = 2, status = "Revised later" } } }));
        var rows = (await _client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/observations?kpi=N01951&area=0580,0581", UriKind.Relative)))!["observations"]!.AsArray();
        Assert.Equal(("confidential", "Privacy", "sekretess"), (rows[0]!["status"]!.GetValue<string>(), rows[0]!["sourceStatus"]!.GetValue<string>(), rows[0]!["statusLabel"]!.GetValue<string>()));
        Assert.Equal(("other", "Revised later", "status \"Revised later\""), (rows[1]!["status"]!.GetValue<string>(), rows[1]!["sourceStatus"]!.GetValue<string>(), rows[1]!["statusLabel"]!.GetValue<string>()));
        Assert.Equal(3.0, rows[1]!["value"]!.GetValue<double>());
        var exported = Values(await _client.GetStringAsync(new Uri("/api/indicator-data/observations?format=kolada&kpi=N01951", UriKind.Relative)));
        Assert.Equal("value=3 count=2 status=Revised later", exported["N01951|0581|2024|T"]);

        // A CSV written by a person is not Kolada: an unknown word there is most likely a typo, and refused.
        using var csv = await _client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Egen", UriKind.Relative),
            new StringContent("kpi,area,period,gender,value,status\nN01951,0580,2023,T,1,Revised later\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, csv.StatusCode);
        Assert.Contains("bad status", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_figure_the_catalogue_lacks_is_kept_marked_with_its_values_and_found_by_search()
    {
        // N00955 is in the 2019 answers but no longer in Kolada's March 2026 catalogue.
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/api/indicator-data/kpis/N00955", UriKind.Relative))).StatusCode);
        var outcome = await ImportAsync(Read("national-2019/kolada_v2_data_N00955.json.gz"));
        Assert.Equal(4350, outcome["inserted"]!.GetValue<int>());

        var keyFigure = (await _client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/kpis/N00955", UriKind.Relative)))!;
        Assert.True(keyFigure["notInCatalogue"]!.GetValue<bool>());
        Assert.NotNull(keyFigure["firstSeenAt"]?.GetValue<DateTimeOffset>());
        Assert.Equal("Kolada", keyFigure["source"]!.GetValue<string>());
        var found = (await _client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/kpis?q=N00955", UriKind.Relative)))!["items"]!.AsArray();
        Assert.True(Assert.Single(found)!["notInCatalogue"]!.GetValue<bool>());
        Assert.False((await _client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/kpis/N00953", UriKind.Relative)))!["notInCatalogue"]!.GetValue<bool>());
        Assert.Equal(4350, Values(await _client.GetStringAsync(new Uri("/api/indicator-data/observations?format=kolada&kpi=N00955", UriKind.Relative))).Count);

        // Only a Kolada id is taken so: anything else is still an unknown key figure, and nothing is written.
        var refused = await ImportAsync(KoladaSample.Page(
            new { kpi = "U99998", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 1.0 } } },
            new { kpi = "X-1", municipality = "0580", period = 2024, values = new[] { new { gender = "T", value = 1.0 } } }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["unknown key figure \"X-1\"."], refused["problems"]!.AsArray().Select(p => p!["message"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/api/indicator-data/kpis/U99998", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_v3_page_with_its_paging_fields_imports_and_an_isdeleted_row_removes_the_value_it_names()
    {
        await ImportAsync("""
            {"count": 2, "values": [{"kpi": "N01951", "municipality": "0580", "period": 2024,
              "values": [{"gender": "T", "value": 168035, "count": 1, "status": "", "isdeleted": false}, {"gender": "K", "value": 82000, "count": 1, "status": ""}]}],
             "next_url": null, "previous_url": null}
            """);
        var deleted = await ImportAsync("""
            {"values": [{"kpi": "N01951", "municipality": "0580", "period": 2024, "values": [{"gender": "K", "value": 82000, "count": 1, "status": "", "isdeleted": true}]}],
             "next_url": null}
            """);
        Assert.Equal(1, deleted["updated"]!.GetValue<int>());
        var rows = (await _client.GetFromJsonAsync<JsonNode>(new Uri("/api/indicator-data/observations?kpi=N01951&area=0580&gender=K", UriKind.Relative)))!["observations"]!.AsArray();
        var withdrawn = Assert.Single(rows)!;
        Assert.Null(withdrawn["value"]);
        Assert.Equal(1, withdrawn["revisions"]!.GetValue<int>()); // the withdrawn value stays in history
    }
}
