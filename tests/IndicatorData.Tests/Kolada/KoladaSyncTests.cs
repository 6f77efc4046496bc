using System.Net;
using System.Text.Json.Nodes;
using Jamforelse.IndicatorData.Kolada;
using Jamforelse.IndicatorData.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.IndicatorData.Tests.Kolada;

/// <summary>
/// A Kolada run against a local Kolada-compatible server that pages real national responses through Kolada
/// v3's path shape and misbehaves: throttling, a failing page, a truncated body, and a service killed and
/// started again in the middle of the run. Every value arrives once, exactly as served.
/// </summary>
public sealed class KoladaSyncTests
{
    private static readonly string[] Kpis = ["N15428", "U21468"];
    private const string Fetch = """{"kpis":["N15428","U21468"],"years":[2014,2015,2016,2017,2018]}""";

    [Fact]
    public async Task Throttling_a_failing_page_and_a_truncated_body_are_retried_and_every_value_arrives_once_as_served()
    {
        await using var kolada = new LocalKolada(Kpis) { Throttled = [2], Failing = [3], Truncated = [4] };
        await kolada.StartAsync();
        using var factory = new IndicatorDataFactory { KoladaApiBaseUrl = kolada.BaseAddress };
        var client = factory.CreateClient();

        var run = await RunAsync(client);

        Assert.Equal("completed", run["state"]!.GetValue<string>());
        var pages = (kolada.Records.Count() + kolada.PageSize - 1) / kolada.PageSize;
        Assert.Equal(pages, run["pagesDownloaded"]!.GetValue<int>());
        Assert.Equal(pages + 3, kolada.Requests.Count); // each misbehaving page asked twice
        await AssertEveryValueAsServedAsync(client, kolada);
        Assert.Equal(0, run["updated"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_run_stopped_in_the_middle_continues_from_its_checkpoint_when_the_service_starts_it_again()
    {
        await using var kolada = new LocalKolada(Kpis) { Held = [5] };
        await kolada.StartAsync();
        using var factory = new IndicatorDataFactory { KoladaApiBaseUrl = kolada.BaseAddress };
        var client = factory.CreateClient();
        using var response = await client.PostAsync(new Uri("/api/indicator-data/imports/kolada-fetch", UriKind.Relative), KoladaSample.Content(Fetch));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!;
        await kolada.HeldPageAsked.Task.WaitAsync(TimeSpan.FromSeconds(30)); // four pages imported, the fifth under way

        // The job is stopped as the host stops it (a process being killed ends it the same way, only less politely):
        // the run stays "running" at its checkpoint. Started again, as at the next start, it takes the run up.
        var runner = factory.Services.GetRequiredService<KoladaRunner>();
        await runner.StopAsync(CancellationToken.None);
        var stopped = JsonNode.Parse(await client.GetStringAsync(location))!;
        Assert.Equal(("running", 4), (stopped["state"]!.GetValue<string>(), stopped["pagesDownloaded"]!.GetValue<int>()));
        kolada.Release();
        await runner.StartAsync(CancellationToken.None);

        var run = await FinishedAsync(client, location);
        Assert.Equal("completed", run["state"]!.GetValue<string>());
        Assert.Equal(2, run["attempts"]!.GetValue<int>());
        Assert.DoesNotContain("page 1", kolada.Requests.Skip(5)); // continued at page 5, not started again
        await AssertEveryValueAsServedAsync(client, kolada);
    }

    [Fact]
    public async Task The_sync_runs_at_start_by_itself_and_a_second_run_imports_nothing_twice()
    {
        await using var kolada = new LocalKolada(Kpis) { Throttled = [1] };
        await kolada.StartAsync();
        using var factory = new IndicatorDataFactory
        {
            KoladaApiBaseUrl = kolada.BaseAddress,
            Settings = new Dictionary<string, string>
            {
                ["IndicatorData:KoladaSync:Enabled"] = "true",
                ["IndicatorData:KoladaSync:Kpis:0"] = "N15428",
                ["IndicatorData:KoladaSync:Years"] = "15",
            },
        };
        var client = factory.CreateClient();

        // At start, with nobody asking: a run for N15428, every area, the last 15 years.
        var sync = await EventuallyAsync(client, "/api/indicator-data/kolada-sync", s => s["lastRuns"]!.AsArray().Count == 1);
        Assert.Equal(["N15428"], sync["kpis"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.NotNull(sync["nextRunAt"]);
        var first = await FinishedAsync(client, new Uri($"/api/indicator-data/imports/kolada-runs/{sync["lastRuns"]![0]!["id"]}", UriKind.Relative));
        Assert.Equal("completed", first["state"]!.GetValue<string>());
        Assert.Equal(4350, first["inserted"]!.GetValue<int>()); // N15428 2014–2018 as served, all 290 municipalities, T/K/M

        // The administrator adds a key figure; a run now lands only what is new.
        using var bad = await client.PutAsync(new Uri("/api/indicator-data/kolada-sync", UriKind.Relative), KoladaSample.Content("{\"kpis\":[\"U21468\",\"0580\"]}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var put = await client.PutAsync(new Uri("/api/indicator-data/kolada-sync", UriKind.Relative), KoladaSample.Content("{\"kpis\":[\"U21468\"]}"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var now = await client.PostAsync(new Uri("/api/indicator-data/kolada-sync/run", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, now.StatusCode);
        var second = await FinishedAsync(client, now.Headers.Location!);
        Assert.Equal((4350, 0, 4350), (second["inserted"]!.GetValue<int>(), second["updated"]!.GetValue<int>(), second["unchanged"]!.GetValue<int>()));
        await AssertEveryValueAsServedAsync(client, kolada);

        // Another tenant's key may neither read nor change the sync.
        using var norrkoping = factory.CreateClient();
        Jamforelse.Tests.TestKeys.Use(norrkoping, Jamforelse.Tests.TestKeys.Norrkoping);
        Assert.Equal(HttpStatusCode.Forbidden, (await norrkoping.GetAsync(new Uri("/api/indicator-data/kolada-sync", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await norrkoping.PutAsync(new Uri("/api/indicator-data/kolada-sync", UriKind.Relative), KoladaSample.Content("{\"kpis\":[]}"))).StatusCode);
    }

    private static async Task<JsonNode> EventuallyAsync(HttpClient client, string url, Func<JsonNode, bool> condition)
    {
        for (var waited = 0; ; waited += 100)
        {
            var answer = JsonNode.Parse(await client.GetStringAsync(new Uri(url, UriKind.Relative)))!;
            if (condition(answer))
            {
                return answer;
            }
            Assert.True(waited < 30_000, $"GET {url} did not reach the expected state within 30 s: {answer.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonNode> RunAsync(HttpClient client)
    {
        using var response = await client.PostAsync(new Uri("/api/indicator-data/imports/kolada-fetch", UriKind.Relative), KoladaSample.Content(Fetch));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await FinishedAsync(client, response.Headers.Location!);
    }

    private static async Task<JsonNode> FinishedAsync(HttpClient client, Uri location)
    {
        for (var waited = 0; ; waited += 100)
        {
            var run = JsonNode.Parse(await client.GetStringAsync(location))!;
            if (run["state"]!.GetValue<string>() is "completed" or "failed")
            {
                return run;
            }
            Assert.True(waited < 60_000, $"The run did not finish within 60 s: {run.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private static async Task AssertEveryValueAsServedAsync(HttpClient client, LocalKolada kolada)
    {
        var served = RealKoladaTests.Values(new JsonObject { ["values"] = new JsonArray([.. kolada.Records.Select(r => r.DeepClone())]) }.ToJsonString());
        var stored = RealKoladaTests.Values(await client.GetStringAsync(new Uri($"/api/indicator-data/observations?format=kolada&kpi={string.Join(',', Kpis)}", UriKind.Relative)));
        Assert.Equal(served.Count, stored.Count);
        Assert.Empty(served.Where(s => stored.GetValueOrDefault(s.Key) != s.Value).Take(3));
    }
}
