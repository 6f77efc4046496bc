using System.Net;
using System.Text;
using System.Text.Json;
using Jamforelse.Contracts.Tenants;
using Jamforelse.ServiceDefaults.Identity;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>A background Kolada fetch is readable over GraphQL (the platform administrator's), and says why it failed.</summary>
public sealed class KoladaRunTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private const string Query = "query($id: String!) { koladaRun(id: $id) { id state kpis years attempts pagesDownloaded inserted error } }";

    [Fact]
    public async Task A_run_Kolada_cannot_be_reached_for_is_readable_and_says_why()
    {
        await factory.WaitUntilReadyAsync();
        using var client = factory.CreateClient();
        using var accepted = await client.PostAsync(new Uri("/api/indicator-data/imports/kolada-fetch", UriKind.Relative),
            new StringContent("""{"kpis":["N15428"],"years":[2018]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        JsonElement run = default;
        for (var waited = 0; waited < 30_000; waited += 100)
        {
            var (result, _) = await factory.ExecuteAsync(Query, new() { ["id"] = id });
            run = result.GetProperty("data").GetProperty("koladaRun");
            if (run.GetProperty("state").GetString() == "failed")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal("failed", run.GetProperty("state").GetString());
        Assert.Equal(["N15428"], run.GetProperty("kpis").EnumerateArray().Select(k => k.GetString()));
        Assert.Contains("could not be reached", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, run.GetProperty("pagesDownloaded").GetInt32());

        // A tenant's key gets nothing, as for a run that does not exist.
        var (asTenant, _) = await factory.ExecuteAsync(Query, new() { ["id"] = id }, new CallerIdentity("norrkoping", Role.Admin, "test-norrkoping", "Norrköping"));
        var (missing, _) = await factory.ExecuteAsync(Query, new() { ["id"] = "no-such-run-0000" });
        Assert.Equal(JsonValueKind.Null, asTenant.GetProperty("data").GetProperty("koladaRun").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("data").GetProperty("koladaRun").ValueKind);
    }
}
