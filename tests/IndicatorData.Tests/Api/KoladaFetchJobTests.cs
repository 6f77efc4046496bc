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
    public async Task Fetches_every_page_and_imports_them_as_one()
    {
        var client = _factory!.CreateClient();
        var response = await client.PostAsync("/api/indicator-data/imports/kolada-fetch",
            KoladaSample.Content("""{"kpis":["N01951"],"municipalities":["0580","0581"],"years":[2024]}"""));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(2, body["inserted"]!.GetValue<int>());
        var observations = JsonNode.Parse(await client.GetStringAsync("/api/indicator-data/observations?kpi=N01951&area=0580,0581"))!;
        Assert.Equal([168035.0, 146000.0], observations["observations"]!.AsArray().Select(o => o!["value"]!.GetValue<double>()));
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
