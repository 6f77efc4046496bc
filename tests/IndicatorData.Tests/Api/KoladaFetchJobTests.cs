using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>The fetch job end to end: a local server plays Kolada with two recorded pages.</summary>
public sealed class KoladaFetchJobTests : IAsyncLifetime
{
    private WebApplication? _kolada;
    private IndicatorDataFactory? _factory;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _kolada = builder.Build();
        _kolada.MapGet("/v3/data/kpi/{kpis}/municipality/{municipalities}/year/{years}", (HttpContext context) =>
        {
            var next = $"{context.Request.Scheme}://{context.Request.Host}/v3/page2";
            return Results.Text(
                $$"""{"values":[{"kpi":"N01951","municipality":"0580","period":2024,"values":[{"gender":"T","value":168035,"count":null,"status":"","isdeleted":false}]}],"next_url":"{{next}}"}""",
                "application/json");
        });
        _kolada.MapGet("/v3/data/kpi/{kpis}/year/{years}", () => Results.Text("broken", "text/plain", statusCode: 500));
        _kolada.MapGet("/v3/page2", () => Results.Text(
            """{"values":[{"kpi":"N01951","municipality":"0581","period":2024,"values":[{"gender":"T","value":146000}]}],"next_url":null}""",
            "application/json"));
        await _kolada.StartAsync();
        var address = _kolada.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _factory = new IndicatorDataFactory { KoladaApiBaseUrl = new Uri(address + "/v3/") };
    }

    public async Task DisposeAsync()
    {
        _factory?.Dispose();
        if (_kolada is not null)
        {
            await _kolada.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_fetch_is_accepted_at_once_and_its_run_fetches_every_page_and_imports_them_as_one()
    {
        var client = _factory!.CreateClient();
        var response = await client.PostAsync("/api/indicator-data/imports/kolada-fetch",
            KoladaSample.Content("""{"kpis":["N01951"],"municipalities":["0580","0581"],"years":[2024]}"""));

        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, accepted.ToJsonString());
        var location = response.Headers.Location!;
        Assert.Equal($"/api/indicator-data/imports/kolada-runs/{accepted["id"]}", location.OriginalString);
        var run = await FinishedAsync(client, location);
        Assert.Equal("completed", run["state"]!.GetValue<string>());
        Assert.Equal((2, 2), (run["pagesDownloaded"]!.GetValue<int>(), run["inserted"]!.GetValue<int>()));
        Assert.Equal(["N01951"], run["keyFiguresChanged"]!.AsArray().Select(k => k!.GetValue<string>()));
        var observations = JsonNode.Parse(await client.GetStringAsync("/api/indicator-data/observations?kpi=N01951&area=0580,0581"))!;
        Assert.Equal([168035.0, 146000.0], observations["observations"]!.AsArray().Select(o => o!["value"]!.GetValue<double>()));
        Assert.Contains(JsonNode.Parse(await client.GetStringAsync("/api/indicator-data/imports/kolada-runs"))!.AsArray(), r => r!["id"]!.GetValue<string>() == accepted["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_run_Kolada_fails_says_why_and_imports_nothing()
    {
        var client = _factory!.CreateClient();
        var response = await client.PostAsync("/api/indicator-data/imports/kolada-fetch", KoladaSample.Content("""{"kpis":["N01951"],"years":[2023]}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await FinishedAsync(client, response.Headers.Location!);
        Assert.Equal("failed", run["state"]!.GetValue<string>());
        Assert.Contains("500", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await _factory.Store.SeriesCollection.CountAsync());
        // Another tenant's key does not see the run.
        using var norrkoping = _factory.CreateClient();
        Jamforelse.Tests.TestKeys.Use(norrkoping, Jamforelse.Tests.TestKeys.Norrkoping);
        Assert.Equal(HttpStatusCode.NotFound, (await norrkoping.GetAsync(response.Headers.Location)).StatusCode);
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
            Assert.True(waited < 20_000, $"The run did not finish within 20 s: {run.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_request_Kolada_cannot_answer_is_a_bad_request()
    {
        var client = _factory!.CreateClient();
        var response = await client.PostAsync("/api/indicator-data/imports/kolada-fetch", KoladaSample.Content("""{"kpis":[]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
