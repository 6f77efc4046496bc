using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jamforelse.Gateway.Tests.Hosts;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Gateway.Tests;

/// <summary>The gateway's door: keys in, the caller's identity (signed per service) out, nothing a client claims believed.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DoorTests(GatewayPlatform platform)
{
    [Fact]
    public async Task A_valid_key_reaches_the_tenants_api_and_every_service_through_the_gateway()
    {
        var name = "Läsare " + Guid.NewGuid().ToString("N")[..6];
        using var client = platform.GatewayClient(platform.NewKey("norrkoping", Role.Reader, name));

        var me = await client.GetFromJsonAsync<JsonObject>("/api/tenants/me");
        Assert.Equal("norrkoping", (string?)me!["tenant"]);
        Assert.Equal(name, (string?)me["name"]);

        var area = await client.GetFromJsonAsync<JsonObject>("/api/indicator-data/areas/0581");
        Assert.Contains("Norrköping", (string?)area!["title"], StringComparison.Ordinal);
        using var plans = await client.GetAsync(new Uri("/api/goal-catalog/plans", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, plans.StatusCode);
        using var groups = await client.GetAsync(new Uri("/api/benchmarking/peer-groups?tenant=norrkoping", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);

        using var graphql = await client.PostAsJsonAsync("/graphql", new { query = "{ area(id: \"0580\") { title } }" });
        var body = await graphql.Content.ReadAsStringAsync();
        Assert.True(graphql.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("Linköping", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"errors\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/indicator-data/areas")]
    [InlineData("/api/goal-catalog/plans")]
    [InlineData("/api/benchmarking/peer-groups?tenant=norrkoping")]
    [InlineData("/graphql?query=%7Barea(id%3A%220580%22)%7Btitle%7D%7D")]
    [InlineData("/api/tenants/me")]
    public async Task Without_a_valid_key_the_gateway_answers_401_problem_json(string path)
    {
        using var anonymous = platform.GatewayClient(null);
        using var none = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var unknown = platform.GatewayClient("not-a-key-that-exists-0000000000000000000");
        using var refused = await unknown.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_signed_identity_sent_by_a_client_is_removed_and_the_service_sees_the_gateways()
    {
        // The strongest forgery there is: a correctly signed identity of the platform administrator for the
        // very service (as if a signed header had leaked), plus the old X-User header.
        var signer = platform.Gateway.Services.GetRequiredService<IdentitySigner>();
        var forged = signer.Sign(new CallerIdentity(CallerIdentity.PlatformTenant, Role.Admin, "forged-key", "Förfalskad administratör"), "goal-catalog");
        var name = "Redaktör " + Guid.NewGuid().ToString("N")[..6];
        using var client = platform.GatewayClient(platform.NewKey("linkoping", Role.Admin, name));
        client.DefaultRequestHeaders.Add(IdentitySigner.HeaderName, forged);
        client.DefaultRequestHeaders.Add("X-User", "forged-user");

        const string plan = "/api/goal-catalog/plans/linkoping-son-an-2023";
        var current = await client.GetFromJsonAsync<JsonObject>(plan);
        var status = (string?)current!["status"] == "draft" ? "adopted" : "draft";
        using var change = await client.PutAsJsonAsync(plan + "/status", new { status });
        Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());

        var history = await client.GetFromJsonAsync<JsonArray>(plan + "/history");
        Assert.Equal(name, (string?)history![0]!["changedBy"]);

        // Without a key the forged identity gets nowhere.
        using var keyless = platform.GatewayClient(null);
        keyless.DefaultRequestHeaders.Add(IdentitySigner.HeaderName, forged);
        using var refused = await keyless.GetAsync(new Uri(plan, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Revoked_and_rotated_keys_stop_working_at_once()
    {
        using var admin = platform.GatewayClient(platform.NewKey("linkoping", Role.Admin));

        var revokable = await IssueAsync(admin, "revoked soon");
        using (var client = platform.GatewayClient(revokable.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/indicator-data/areas/0580"));
            using var revoke = await admin.DeleteAsync(new Uri($"/api/tenants/linkoping/keys/{revokable.Id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/indicator-data/areas/0580"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/tenants/me"));
        }

        var rotated = await IssueAsync(admin, "rotated soon");
        using var old = platform.GatewayClient(rotated.Secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(old, "/api/benchmarking/peer-groups?tenant=linkoping"));
        using var rotate = await admin.PostAsync(new Uri($"/api/tenants/linkoping/keys/{rotated.Id}/rotate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        var replacement = (string?)(await rotate.Content.ReadFromJsonAsync<JsonObject>())!["key"];
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(old, "/api/benchmarking/peer-groups?tenant=linkoping"));
        using var fresh = platform.GatewayClient(replacement);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(fresh, "/api/benchmarking/peer-groups?tenant=linkoping"));
    }

    private static async Task<(string Id, string Secret)> IssueAsync(HttpClient admin, string name)
    {
        using var response = await admin.PostAsJsonAsync("/api/tenants/linkoping/keys", new { name, role = "reader" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonObject>();
        return ((string)issued!["id"]!, (string)issued["key"]!);
    }

    internal static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
