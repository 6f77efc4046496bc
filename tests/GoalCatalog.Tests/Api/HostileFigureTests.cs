using System.Net;
using System.Text.Json.Nodes;
using Jamforelse.GoalCatalog.Domain;

namespace Jamforelse.GoalCatalog.Tests.Api;

/// <summary>A follow-up figure stored before the platform refused numbers outside its range: read as missing, never a 500.</summary>
public sealed class HostileFigureTests : IDisposable
{
    private const string Plan = "norrkoping-kf-2019-2022";
    private const string FollowUpId = "2022-sarskola";
    private readonly PlatformFactory _factory = new();
    private readonly HttpClient _client;

    public HostileFigureTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<JsonNode> OkAsync(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task A_stored_figure_value_beyond_the_range_reads_as_missing_on_every_read()
    {
        await OkAsync($"/api/goal-catalog/plans/{Plan}/follow-ups/{FollowUpId}");
        var stored = (await _factory.Store.FollowUpCollection.GetAsync(FollowUp.IdOf(Plan, FollowUpId)))!;
        var figure = stored.Content.Figures[0];
        var kept = figure.Values.Count - 2;
        figure.Values[0].Value = double.PositiveInfinity;
        figure.Values[1].Value = 1.7e308;
        stored.History.Add(new FollowUpVersion { Version = 0, Content = stored.Content, ChangedAt = stored.ChangedAt, ChangedBy = "before the range" });
        await _factory.Store.FollowUpCollection.UpsertAsync(stored);

        var one = await OkAsync($"/api/goal-catalog/plans/{Plan}/follow-ups/{FollowUpId}");
        Assert.Equal(kept, one["figures"]![0]!["values"]!.AsArray().Count);
        await OkAsync($"/api/goal-catalog/plans/{Plan}/follow-ups");
        await OkAsync($"/api/goal-catalog/plans/{Plan}/follow-ups/{FollowUpId}/history");
        await OkAsync($"/api/goal-catalog/catalogs/{Plan}");
    }
}
