using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Jamforelse.Gateway.Tests.Hosts;

namespace Jamforelse.Gateway.Tests;

/// <summary>Rate limits per key, body limits, CORS, security headers: each refusal a problem+json.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ProtectionTests(GatewayPlatform platform)
{
    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after_and_other_keys_do_not()
    {
        using var client = platform.GatewayClient(platform.NewKey());
        for (var i = 0; i < GatewayPlatform.PermitLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await DoorTests.StatusAsync(client, i % 2 == 0 ? "/api/tenants/me" : "/api/indicator-data/areas/0581"));
        }
        using var refused = await client.GetAsync(new Uri("/api/indicator-data/areas/0581", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        using var other = platform.GatewayClient(platform.NewKey());
        Assert.Equal(HttpStatusCode.OK, await DoorTests.StatusAsync(other, "/api/indicator-data/areas/0581"));
    }

    [Fact]
    public async Task A_tenants_keys_share_the_tenant_limit_and_another_tenant_is_not_affected()
    {
        using var gateway = new GatewayFactory(platform.SigningKey, platform.Backend.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:TenantPermitLimit"] = "4",
        });
        gateway.Start();
        HttpClient Client(string tenant)
        {
            var client = new HttpClient { BaseAddress = gateway.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", Jamforelse.Tests.TestKeys.Issue(gateway.Services, tenant, Jamforelse.ServiceDefaults.Identity.Role.Reader, "läsare"));
            return client;
        }
        using var first = Client("norrkoping");
        using var second = Client("norrkoping");
        using var other = Client("linkoping");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await DoorTests.StatusAsync(first, "/api/tenants/me"));
            Assert.Equal(HttpStatusCode.OK, await DoorTests.StatusAsync(second, "/api/tenants/me"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await DoorTests.StatusAsync(first, "/api/tenants/me"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await DoorTests.StatusAsync(second, "/api/tenants/me"));
        Assert.Equal(HttpStatusCode.OK, await DoorTests.StatusAsync(other, "/api/tenants/me"));
    }

    [Fact]
    public async Task An_address_that_keeps_presenting_bad_keys_gets_429_before_the_key_store_is_asked_again()
    {
        // A gateway of its own: its refusal count per address must not block the other tests' loopback clients.
        using var gateway = new GatewayFactory(platform.SigningKey, platform.Backend.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:AnonymousPermitLimit"] = "5",
        });
        using var guessing = new HttpClient { BaseAddress = gateway.Start() };
        guessing.DefaultRequestHeaders.Authorization = new("Bearer", "guessed-key-000000000000000000000000000000");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await DoorTests.StatusAsync(guessing, "/api/tenants/me"));
        }
        using var refused = await guessing.GetAsync(new Uri("/api/tenants/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_body_over_the_routes_limit_gets_413_problem_json()
    {
        using var client = platform.GatewayClient(platform.NewKey());
        // /graphql allows 1 MB (appsettings.json), refused from its Content-Length without reading the body.
        var query = "{ area(id: \"0580\") { title } }" + new string(' ', 1_100_000);
        using var declared = await client.PostAsync(new Uri("/graphql", UriKind.Relative),
            new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("application/problem+json", declared.Content.Headers.ContentType?.MediaType);

        // Chunked, without a Content-Length: cut off by the gateway's server at the limit (1 MB for
        // /api/benchmarking) while YARP forwards it; the service behind would have taken 20 MB.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"name\":\"{new string('x', 1_100_000)}\"}}")));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/benchmarking/peer-groups", UriKind.Relative)) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal("application/problem+json", streamed.Content.Headers.ContentType?.MediaType);

        // Below the limit the same route answers.
        using var small = await client.PostAsJsonAsync("/graphql", new { query = "{ area(id: \"0580\") { title } }" });
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Theory]
    [InlineData("/health/live", false)]
    [InlineData("/api/tenants/me", true)]
    [InlineData("/api/indicator-data/areas/0580", true)]
    public async Task Every_answer_carries_the_security_headers_and_no_server_header(string path, bool withKey)
    {
        using var client = platform.GatewayClient(withKey ? platform.NewKey() : null);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS only over https");
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_gateway_serves_graphiql_itself_under_its_content_security_policy()
    {
        using var client = platform.GatewayClient(null);
        using var page = await client.GetAsync(new Uri("/graphiql", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self';", Header(page, "Content-Security-Policy"), StringComparison.Ordinal);
        using var script = await client.GetAsync(new Uri("/graphiql/assets/graphiql.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Strict_transport_security_is_sent_when_the_client_came_over_https_through_a_trusted_proxy()
    {
        using var client = platform.GatewayClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health/live", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https"); // loopback is a trusted proxy
        using var response = await client.SendAsync(request);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_allows_the_configured_origin_only()
    {
        using var client = platform.GatewayClient(null);
        foreach (var (origin, allowed) in new[] { (GatewayPlatform.AllowedOrigin, true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri("/graphql", UriKind.Relative));
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            using var response = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(allowed ? origin : null, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
        }
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
