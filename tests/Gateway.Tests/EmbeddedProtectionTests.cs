using System.Net;
using System.Net.Http.Json;
using Jamforelse.Gateway.Tests.Hosts;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;

namespace Jamforelse.Gateway.Tests;

/// <summary>
/// The embedded platform runs the same protection in process: its GraphQL layer's calls to its own services
/// carry a signed identity the door accepts, and are not counted against the caller's key again.
/// </summary>
public sealed class EmbeddedProtectionTests : IDisposable
{
    private const int PermitLimit = 10;
    private readonly BackendFactory _platform = new(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), new Dictionary<string, string?>
    {
        ["Gateway:RateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["IndicatorData:ImportSampleDataOnFirstStart"] = "false",
        ["GoalCatalog:LoadDemoCatalogs"] = "false",
    });

    [Fact]
    public async Task A_graphql_query_counts_once_against_the_key_however_many_service_calls_it_makes()
    {
        using var client = new HttpClient { BaseAddress = _platform.Start() };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestKeys.Issue(_platform.Services, "norrkoping", Role.Reader, "läsare"));
        for (var i = 0; i < PermitLimit; i++)
        {
            using var answer = await client.PostAsJsonAsync("/graphql", new { query = "{ a: area(id: \"0580\") { title } b: keyFigure(id: \"N01951\") { title } }" });
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK && !body.Contains("\"errors\"", StringComparison.Ordinal), $"query {i + 1}: {(int)answer.StatusCode} {body}");
        }
        using var refused = await client.PostAsJsonAsync("/graphql", new { query = "{ area(id: \"0580\") { title } }" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal("nosniff", ProtectionTests.Header(refused, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_problem_json_on_the_embedded_host_too()
    {
        using var client = new HttpClient { BaseAddress = _platform.Start() };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestKeys.PlatformAdmin);
        using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { query = "{ area(id: \"0580\") { title } }" + new string(' ', 1_100_000) }), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _platform.Dispose();
}
